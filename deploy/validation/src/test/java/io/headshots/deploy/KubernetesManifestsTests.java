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

/**
 * The base as {@code kubectl kustomize} builds it, checked against the services' sources; what
 * every overlay must keep (probes, images, GPUs, KEDA, budgets) is in {@link KustomizeBuildTests}.
 */
class KubernetesManifestsTests {
    private static final KubernetesManifests BASE = KubernetesManifests.base();

    static List<String> services() {
        return Repo.SERVICES;
    }

    static List<String> gpuWorkers() {
        return Repo.GPU_WORKERS;
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
    void theGatewayScalesOnCpuWithAnHpa() {
        JsonNode hpa = BASE.find("HorizontalPodAutoscaler", "api-gateway").orElseThrow();

        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("api-gateway");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.path("spec").path("maxReplicas").asInt()).isGreaterThan(hpa.path("spec").path("minReplicas").asInt());
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void workerReplicasAreNotCappedByThePartitions(String worker) {
        JsonNode spec = BASE.find("ScaledObject", worker).orElseThrow().path("spec");

        // A share group hands one partition's records to many consumers: more replicas than
        // partitions all get work, so a cap at the partition count would only waste the queue's point.
        assertThat(spec.path("maxReplicaCount").asInt()).isGreaterThan(partitions())
                .isGreaterThan(spec.path("minReplicaCount").asInt());
        assertThat(Repo.read(Repo.DEPLOY.resolve("k8s/base/" + worker + ".yaml"))).contains("maxReplicaCount")
                .containsPattern("(?i)share group").containsPattern("(?i)partition");
    }

    @Test
    void theQueuesAndLanesAreTheTaskTopicsOfContracts() {
        // Lane free of queue q is topic jobs.q, lane premium is jobs.q.premium (contracts' Topics).
        for (String queue : Repo.QUEUE_OF.values()) {
            assertThat(topicConstants()).contains("jobs." + queue, "jobs." + queue + ".premium");
        }
    }

    @Test
    void theQueueSettingsFitTheBrokersDefaults() {
        java.time.Duration lock = java.time.Duration.parse(configValue("HEADSHOTS_QUEUE_LOCK_DURATION"));
        // group.share.min.record.lock.duration.ms and .max. (15 s and 60 s) unless the broker is changed.
        assertThat(lock).isBetween(java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(60));
        // The group's share.delivery.count.limit becomes this plus one, at most the broker's
        // group.share.max.delivery.count.limit (10): the worker fails the task worker_crashed on its
        // last delivery, before the broker would archive it unannounced.
        assertThat(Integer.parseInt(configValue("HEADSHOTS_QUEUE_MAX_ATTEMPTS"))).isBetween(1, 9);
        assertThat(Integer.parseInt(configValue("HEADSHOTS_QUEUE_PREMIUM_WEIGHT"))).isPositive();
    }

    /**
     * The triggers of a worker's ScaledObject by lane, checking each: a KEDA {@code prometheus}
     * trigger whose query is the max over the gateway replicas of the worker queue's pending tasks
     * in that lane, with a positive threshold.
     */
    static Map<String, JsonNode> laneTriggers(String worker, JsonNode scaledObject) {
        String queue = Repo.QUEUE_OF.get(worker);
        assertThat(queue).as("%s is a GPU worker with a queue", worker).isNotNull();
        Map<String, JsonNode> lanes = new java.util.TreeMap<>();
        for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
            assertThat(trigger.path("type").asText()).as("%s triggers", worker).isEqualTo("prometheus");
            String query = trigger.path("metadata").path("query").asText();
            // The max over the gateway replicas; NaN (a gateway that cannot read the broker) dropped,
            // so that KEDA sees no value (an error: replicas stay) rather than NaN.
            assertThat(query).as("%s: %s", worker, query).matches("(?s)\\s*max\\s*\\(.*>=\\s*0\\s*\\)\\s*");
            List<Map<String, String>> selectors = PromQl.equalityMatchers(query, "headshots_queue_pending_tasks");
            assertThat(selectors).as("%s: %s reads the pending tasks once", worker, query).hasSize(1);
            assertThat(PromQl.families(query)).containsExactly("headshots_queue_pending_tasks");
            Map<String, String> labels = selectors.get(0);
            assertThat(labels).as("%s: %s", worker, query).containsEntry("queue", queue).containsKey("lane");
            assertThat(threshold(trigger)).as("%s threshold", worker).isPositive();
            assertThat(lanes.put(labels.get("lane"), trigger)).as("%s: lane %s once", worker, labels.get("lane")).isNull();
        }
        return lanes;
    }

    private static double threshold(JsonNode trigger) {
        return Double.parseDouble(trigger.path("metadata").path("threshold").asText("0"));
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
}
