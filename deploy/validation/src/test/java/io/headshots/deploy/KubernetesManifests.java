package io.headshots.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** The resources of one kustomization directory: the files it lists, every document of each. */
final class KubernetesManifests {
    final Path dir;
    final JsonNode kustomization;
    final List<JsonNode> resources = new ArrayList<>();

    KubernetesManifests(Path dir) {
        this.dir = dir;
        this.kustomization = Repo.yaml(dir.resolve("kustomization.yaml"));
        for (JsonNode entry : kustomization.path("resources")) {
            Path file = dir.resolve(entry.asText()).normalize();
            if (file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")) {
                resources.addAll(Repo.yamlDocuments(file));
            }
        }
    }

    static KubernetesManifests base() {
        return new KubernetesManifests(Repo.DEPLOY.resolve("k8s/base"));
    }

    List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode deployment(String name) {
        return find("Deployment", name).orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** Every environment variable name a container gets: its env and the keys of envFrom ConfigMaps. */
    List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : container.path("env")) {
            names.add(e.path("name").asText());
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String map = from.path("configMapRef").path("name").asText();
                JsonNode configMap = find("ConfigMap", map)
                        .orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + map));
                configMap.path("data").fieldNames().forEachRemaining(names::add);
            }
        }
        return names;
    }
}
