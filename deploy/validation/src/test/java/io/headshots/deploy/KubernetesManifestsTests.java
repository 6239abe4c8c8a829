package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

class KubernetesManifestsTests {
    private static final KubernetesManifests BASE = KubernetesManifests.base();

    static List<String> services() {
        return Repo.SERVICES;
    }

    static List<String> gpuWorkers() {
        return Repo.GPU_WORKERS;
    }

    @Test
    void everyManifestParsesAndNamesItsKind() {
        List<Path> files = Repo.files(Repo.DEPLOY.resolve("k8s"), ".yaml", ".yml");
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            for (JsonNode doc : Repo.yamlDocuments(file)) {
                assertThat(doc.path("kind").asText()).as("kind in %s", file).isNotBlank();
                assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
            }
        }
    }

    @Test
    void theBaseListsOnlyFilesThatExistAndPutsEverythingInOneNamespace() {
        for (JsonNode entry : BASE.kustomization.path("resources")) {
            assertThat(BASE.dir.resolve(entry.asText())).as("resource %s", entry.asText()).exists();
        }
        String namespace = BASE.kustomization.path("namespace").asText();
        assertThat(BASE.find("Namespace", namespace)).as("Namespace %s", namespace).isPresent();
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceRunsItsImageOnItsOwnPortBehindAService(String service) {
        int port = ServiceSources.of(service).httpPort();
        JsonNode deployment = BASE.deployment(service);
        JsonNode container = KubernetesManifests.container(deployment);

        assertThat(container.path("image").asText()).startsWith("headshots/" + service + ":");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        JsonNode svc = BASE.find("Service", service).orElseThrow();
        assertThat(svc.path("spec").path("selector")).isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
        assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asText())
                .isIn(container.path("ports").get(0).path("name").asText(), String.valueOf(port));
    }

    @ParameterizedTest
    @MethodSource("services")
    void probesAskQuarkusHealthOnTheServicePort(String service) {
        JsonNode container = KubernetesManifests.container(BASE.deployment(service));
        String portName = container.path("ports").get(0).path("name").asText();

        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            if (container.has(probe)) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo(portName);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void resourcesAreRequestedAndLimited(String service) {
        JsonNode resources = KubernetesManifests.container(BASE.deployment(service)).path("resources");

        for (String kind : List.of("requests", "limits")) {
            assertThat(resources.path(kind).path("cpu").asText()).as("%s cpu", kind).isNotBlank();
            assertThat(resources.path(kind).path("memory").asText()).as("%s memory", kind).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableMeansSomethingToTheService(String service) {
        ServiceSources sources = ServiceSources.of(service);
        JsonNode container = KubernetesManifests.container(BASE.deployment(service));

        assertThat(BASE.envNames(container)).isNotEmpty()
                .allSatisfy(env -> assertThat(EnvironmentNames.accepted(sources, env))
                        .as("%s: %s maps to no property or variable the service reads", service, env).isTrue());
    }

    @Test
    void everySecretTheManifestsUseIsCreatedInTheReadme() {
        String readme = Repo.read(Repo.DEPLOY.resolve("README.md"));
        Set<String> secrets = new java.util.TreeSet<>();
        for (JsonNode deployment : BASE.ofKind("Deployment")) {
            JsonNode container = KubernetesManifests.container(deployment);
            container.path("env").forEach(e -> {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    secrets.add(ref.path("name").asText());
                }
            });
            container.path("envFrom").forEach(f -> {
                if (f.has("secretRef")) {
                    secrets.add(f.path("secretRef").path("name").asText());
                }
            });
        }
        assertThat(secrets).isNotEmpty().allSatisfy(
                s -> assertThat(readme).as("README creates secret %s", s).containsPattern("create secret generic " + s));
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void gpuWorkersClaimAGpuOnGpuNodesAndDrainForFiveMinutes(String worker) {
        JsonNode podSpec = BASE.deployment(worker).path("spec").path("template").path("spec");
        JsonNode container = KubernetesManifests.container(BASE.deployment(worker));

        assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(podSpec.path("nodeSelector").size()).isPositive();
        List<String> tolerated = new ArrayList<>();
        podSpec.path("tolerations").forEach(t -> tolerated.add(t.path("key").asText()));
        assertThat(tolerated).contains("nvidia.com/gpu");
        assertThat(podSpec.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void theUpscalerRunsOnCudaWithTheModelsMounted() {
        JsonNode deployment = BASE.deployment("upscaler-worker");
        JsonNode container = KubernetesManifests.container(deployment);
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));

        assertThat(env).containsEntry("UPSCALER_DEVICE", "cuda");
        String models = env.get("HEADSHOT_MODELS_DIR");
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(mounts).contains(models);
    }

    @Test
    void disruptionBudgetsSelectPodsThatExist() {
        assertThat(BASE.ofKind("PodDisruptionBudget")).hasSize(Repo.SERVICES.size());
        for (JsonNode pdb : BASE.ofKind("PodDisruptionBudget")) {
            JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
            boolean selectsSome = BASE.ofKind("Deployment").stream().anyMatch(d -> labelsMatch(selector,
                    d.path("spec").path("template").path("metadata").path("labels")));
            assertThat(selectsSome).as("PDB %s selects pods", pdb.path("metadata").path("name").asText()).isTrue();
        }
    }

    @Test
    void theGatewayScalesOnCpuWithAnHpa() {
        JsonNode hpa = BASE.find("HorizontalPodAutoscaler", "api-gateway").orElseThrow();

        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("api-gateway");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.path("spec").path("maxReplicas").asInt()).isGreaterThan(hpa.path("spec").path("minReplicas").asInt());
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void workersScaleOnTheirGroupsLagNoFurtherThanThePartitions(String worker) {
        JsonNode scaled = BASE.find("ScaledObject", worker).orElseThrow();
        JsonNode trigger = scaled.path("spec").path("triggers").get(0);
        JsonNode meta = trigger.path("metadata");

        assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(worker);
        assertThat(BASE.find("Deployment", worker)).isPresent();
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(meta.path("consumerGroup").asText()).isEqualTo(worker);
        assertThat(meta.path("topic").asText()).isIn(topicConstants());
        assertThat(scaled.path("spec").path("maxReplicaCount").asInt()).isLessThanOrEqualTo(partitions())
                .isGreaterThanOrEqualTo(scaled.path("spec").path("minReplicaCount").asInt());
        assertThat(meta.path("bootstrapServers").asText()).isEqualTo(configValue("KAFKA_BOOTSTRAP_SERVERS"));
        // Where the service already declares its consumer, KEDA must watch the same group and topic.
        ServiceSources sources = ServiceSources.of(worker);
        sources.properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic") && value.equals(meta.path("topic").asText())) {
                String channel = key.substring(0, key.length() - ".topic".length());
                assertThat(sources.property(channel + ".group.id")).contains(meta.path("consumerGroup").asText());
            }
        });
        assertThat(Repo.read(Repo.DEPLOY.resolve("k8s/base/" + worker + ".yaml"))).contains("maxReplicaCount")
                .containsPattern("(?i)partition");
    }

    @Test
    void theUpscalersScaledObjectWatchesTheTopicItsConsumerReads() {
        JsonNode meta = BASE.find("ScaledObject", "upscaler-worker").orElseThrow().path("spec").path("triggers").get(0)
                .path("metadata");
        ServiceSources upscaler = ServiceSources.of("upscaler-worker");

        assertThat(upscaler.property("mp.messaging.incoming.upscale-tasks.topic")).contains(meta.path("topic").asText());
        assertThat(upscaler.property("mp.messaging.incoming.upscale-tasks.group.id"))
                .contains(meta.path("consumerGroup").asText());
    }

    @Test
    void overlaysReferToFilesThatExistAndPatchResourcesOfTheBase() {
        List<Path> overlays = Repo.files(Repo.DEPLOY.resolve("k8s/overlays"), "kustomization.yaml");
        assertThat(overlays).isNotEmpty();
        for (Path kustomization : overlays) {
            JsonNode k = Repo.yaml(kustomization);
            Path dir = kustomization.getParent();
            for (JsonNode resource : k.path("resources")) {
                assertThat(dir.resolve(resource.asText())).as("%s resource", kustomization).exists();
            }
            for (JsonNode patch : k.path("patches")) {
                Path file = dir.resolve(patch.path("path").asText());
                assertThat(file).exists();
                for (JsonNode doc : Repo.yamlDocuments(file)) {
                    String kind = doc.path("kind").asText();
                    String name = doc.path("metadata").path("name").asText();
                    assertThat(BASE.find(kind, name)).as("%s patches %s %s of the base", file, kind, name).isPresent();
                }
            }
            for (JsonNode image : k.path("images")) {
                String name = image.path("name").asText();
                boolean used = BASE.ofKind("Deployment").stream()
                        .anyMatch(d -> KubernetesManifests.container(d).path("image").asText().startsWith(name + ":"));
                assertThat(used).as("%s rewrites image %s used by the base", kustomization, name).isTrue();
            }
        }
    }

    @Test
    void overlaysKeepKedaOnTheirKafkaAndWithinThePartitions() {
        for (Path kustomization : Repo.files(Repo.DEPLOY.resolve("k8s/overlays"), "kustomization.yaml")) {
            String bootstrap = null;
            List<JsonNode> scaledObjects = new ArrayList<>();
            for (JsonNode patch : Repo.yaml(kustomization).path("patches")) {
                for (JsonNode doc : Repo.yamlDocuments(kustomization.getParent().resolve(patch.path("path").asText()))) {
                    if ("ConfigMap".equals(doc.path("kind").asText()) && doc.path("data").has("KAFKA_BOOTSTRAP_SERVERS")) {
                        bootstrap = doc.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
                        assertThat(doc.path("data").has("HEADSHOTS_TOPICS_PARTITIONS")).as("%s changes partitions:"
                                + " then maxReplicaCount must be checked against it", kustomization).isFalse();
                    }
                    if ("ScaledObject".equals(doc.path("kind").asText())) {
                        scaledObjects.add(doc);
                    }
                }
            }
            for (JsonNode scaled : scaledObjects) {
                JsonNode meta = scaled.path("spec").path("triggers").get(0).path("metadata");
                String name = scaled.path("metadata").path("name").asText();
                if (bootstrap != null) {
                    assertThat(meta.path("bootstrapServers").asText()).as("%s %s", kustomization, name).isEqualTo(bootstrap);
                }
                // A patch replaces the trigger list whole: it must restate the group and topic.
                JsonNode base = BASE.find("ScaledObject", name).orElseThrow().path("spec").path("triggers").get(0).path("metadata");
                assertThat(meta.path("consumerGroup")).isEqualTo(base.path("consumerGroup"));
                assertThat(meta.path("topic")).isEqualTo(base.path("topic"));
                if (scaled.path("spec").has("maxReplicaCount")) {
                    assertThat(scaled.path("spec").path("maxReplicaCount").asInt()).isLessThanOrEqualTo(partitions());
                }
            }
        }
    }

    static int partitions() {
        String configured = configValue("HEADSHOTS_TOPICS_PARTITIONS");
        if (configured != null) {
            return Integer.parseInt(configured);
        }
        Matcher m = Pattern.compile("@WithDefault\\(\"(\\d+)\"\\)\\s*int\\s+partitions\\(\\)")
                .matcher(Repo.read(Repo.ROOT.resolve("platform/src/main/java/io/headshots/platform/kafka/TopicsConfig.java")));
        if (!m.find()) {
            throw new AssertionError("TopicsConfig.partitions() has no default");
        }
        return Integer.parseInt(m.group(1));
    }

    private static String configValue(String key) {
        JsonNode value = BASE.find("ConfigMap", "headshots-config").orElseThrow().path("data").path(key);
        return value.isMissingNode() ? null : value.asText();
    }

    /** The topic names of contracts' {@code Topics}. */
    static Set<String> topicConstants() {
        Path topics = Repo.ROOT.resolve("contracts/src/main/java/io/headshots/contracts/Topics.java");
        assertThat(Files.isRegularFile(topics)).isTrue();
        Set<String> names = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("static final String \\w+ = \"([^\"]+)\"").matcher(Repo.read(topics));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().asText().equals(labels.path(f.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
