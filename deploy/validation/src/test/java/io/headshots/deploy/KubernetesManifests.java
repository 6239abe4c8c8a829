package io.headshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The resources of one kustomization directory as {@code kubectl kustomize} builds them (what
 * {@code kubectl apply -k} would send to the cluster): patches, images and labels applied.
 */
final class KubernetesManifests {
    /** The directories operators apply: the base and each overlay. */
    static final List<String> KUSTOMIZATIONS = List.of("k8s/base", "k8s/overlays/production", "k8s/overlays/diffusion");
    /** {@code labels:} and {@code patches:} of the kustomizations need kustomize v4 or later. */
    private static final int MIN_KUSTOMIZE_MAJOR = 4;
    private static final Map<Path, KubernetesManifests> BUILT = new ConcurrentHashMap<>();
    private static final YAMLMapper YAML = new YAMLMapper();

    final Path dir;
    final List<JsonNode> resources;

    private KubernetesManifests(Path dir, List<JsonNode> resources) {
        this.dir = dir;
        this.resources = List.copyOf(resources);
    }

    static KubernetesManifests base() {
        return build(Repo.DEPLOY.resolve("k8s/base"));
    }

    /** {@code kubectl kustomize DIR}, once per directory and test JVM; fails the test when it fails. */
    static KubernetesManifests build(Path dir) {
        return BUILT.computeIfAbsent(dir.normalize(), d -> new KubernetesManifests(d, parse(kustomize(d))));
    }

    /** The output of {@code kubectl kustomize DIR}, or a failed test with kubectl's message. */
    static String kustomize(Path dir) {
        checkKustomizeVersion();
        return ExternalTool.kubectl().runOrFail(Repo.ROOT, "kustomize", dir.toString());
    }

    static void checkKustomizeVersion() {
        String version = ExternalTool.kubectl().runOrFail(Repo.ROOT, "version", "--client");
        Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
        // kubectl before 1.21 does not print its kustomize version: it embeds v2.0.3.
        Matcher kubectl = Pattern.compile("(?:GitVersion:\"|Client Version: )v1\\.(\\d+)").matcher(version);
        boolean tooOld = kustomize.find() ? Integer.parseInt(kustomize.group(1)) < MIN_KUSTOMIZE_MAJOR
                : kubectl.find() && Integer.parseInt(kubectl.group(1)) < 21;
        if (tooOld) {
            throw new AssertionError("this kubectl embeds a kustomize older than v" + MIN_KUSTOMIZE_MAJOR
                    + ", which cannot build these kustomizations (labels:, patches:): install kubectl 1.21 or"
                    + " later (Debian bookworm's kubernetes-client is 1.20). kubectl version --client:\n" + version);
        }
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the output of kubectl kustomize", e);
        }
        return docs;
    }

    List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode deployment(String name) {
        return find("Deployment", name).orElseThrow(() -> new AssertionError("no Deployment " + name + " in " + dir));
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** The container port of the given name, or a failed test. */
    static JsonNode port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port;
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " declares no port named " + name);
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
