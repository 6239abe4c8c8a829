package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The base and every overlay built by {@code kubectl kustomize}, and the built YAML checked: what a
 * cluster would receive, after patches, image rewrites and labels, not the source files.
 */
class KustomizeBuildTests {
    private static final String NAMESPACE = "headshots";

    static List<String> kustomizations() {
        return KubernetesManifests.KUSTOMIZATIONS;
    }

    private static KubernetesManifests built(String kustomization) {
        return KubernetesManifests.build(Repo.DEPLOY.resolve(kustomization));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyResourceIsBuiltIntoTheHeadshotsNamespace(String kustomization) {
        KubernetesManifests k = built(kustomization);

        assertThat(k.find("Namespace", NAMESPACE)).as("%s: Namespace %s", kustomization, NAMESPACE).isPresent();
        assertThat(k.resources).filteredOn(r -> !"Namespace".equals(r.path("kind").asText()))
                .isNotEmpty().allSatisfy(r -> assertThat(r.path("metadata").path("namespace").asText())
                        .as("%s: %s %s", kustomization, r.path("kind").asText(), r.path("metadata").path("name").asText())
                        .isEqualTo(NAMESPACE));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServiceRunsItsOwnImageAndOverlaysPinAReleaseFromTheirRegistry(String kustomization) {
        KubernetesManifests k = built(kustomization);

        assertThat(k.ofKind("Deployment")).hasSize(Repo.SERVICES.size());
        for (String service : Repo.SERVICES) {
            String image = KubernetesManifests.container(k.deployment(service)).path("image").asText();
            if (kustomization.endsWith("base")) {
                assertThat(image).startsWith("headshots/" + service + ":");
            } else {
                // Production pulls a release tag from a registry: never the base's local SNAPSHOT name.
                assertThat(image).as("%s: %s", kustomization, service).contains("/headshots/" + service + ":")
                        .doesNotStartWith("headshots/").doesNotContain("SNAPSHOT").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void probesAndScrapesUseTheManagementPortWhichTheServiceDoesNotExpose(String kustomization) {
        KubernetesManifests k = built(kustomization);
        for (String service : Repo.SERVICES) {
            JsonNode deployment = k.deployment(service);
            JsonNode container = KubernetesManifests.container(deployment);
            int management = ServiceSources.of(service).managementPort();

            assertThat(KubernetesManifests.port(container, "management").path("containerPort").asInt()).isEqualTo(management);
            assertThat(KubernetesManifests.port(container, "http").path("containerPort").asInt())
                    .isEqualTo(ServiceSources.of(service).httpPort());
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                if (container.has(probe)) {
                    assertThat(container.path(probe).path("httpGet").path("port").asText())
                            .as("%s: %s %s", kustomization, service, probe).isIn("management", String.valueOf(management));
                }
            }
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(management);
            // The Service (and any Ingress in front of it) carries the public port only.
            JsonNode svc = k.find("Service", service).orElseThrow();
            svc.path("spec").path("ports").forEach(p -> assertThat(p.path("targetPort").asText())
                    .as("%s: Service %s", kustomization, service).isNotIn("management", String.valueOf(management)));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void gpuWorkersClaimAGpuOnGpuNodesAndDrainForFiveMinutes(String kustomization) {
        KubernetesManifests k = built(kustomization);
        for (String worker : Repo.GPU_WORKERS) {
            JsonNode podSpec = k.deployment(worker).path("spec").path("template").path("spec");
            JsonNode container = KubernetesManifests.container(k.deployment(worker));

            assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt())
                    .as("%s: %s GPU limit", kustomization, worker).isGreaterThanOrEqualTo(1);
            assertThat(podSpec.path("nodeSelector").size()).as("%s: %s nodeSelector", kustomization, worker).isPositive();
            List<String> tolerated = new ArrayList<>();
            podSpec.path("tolerations").forEach(t -> tolerated.add(t.path("key").asText()));
            assertThat(tolerated).contains("nvidia.com/gpu");
            assertThat(podSpec.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(300);
            // The preStop drains (the worker's DrainRoute, on the management port) before the SIGTERM.
            JsonNode preStop = container.path("lifecycle").path("preStop").path("httpGet");
            assertThat(preStop.path("path").asText()).isEqualTo("/drain");
            assertThat(preStop.path("port").asText()).isEqualTo("management");
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kedaScalesEachWorkerOnBothLanesAboveThePartitions(String kustomization) {
        KubernetesManifests k = built(kustomization);
        KubernetesManifests base = KubernetesManifests.base();
        for (String worker : Repo.GPU_WORKERS) {
            JsonNode scaled = k.find("ScaledObject", worker).orElseThrow(
                    () -> new AssertionError(kustomization + ": no ScaledObject " + worker));
            JsonNode spec = scaled.path("spec");

            assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(worker);
            Map<String, JsonNode> lanes = KubernetesManifestsTests.laneTriggers(worker, scaled);
            assertThat(lanes.keySet()).as("%s: %s lanes", kustomization, worker).containsExactlyInAnyOrderElementsOf(Repo.LANES);
            Map<String, JsonNode> baseLanes = KubernetesManifestsTests.laneTriggers(worker,
                    base.find("ScaledObject", worker).orElseThrow());
            lanes.forEach((lane, trigger) -> assertThat(trigger.path("metadata").path("query"))
                    .as("%s: %s lane %s reads the base's query", kustomization, worker, lane)
                    .isEqualTo(baseLanes.get(lane).path("metadata").path("query")));
            // Premium work must get replicas at least as soon as free work does.
            assertThat(threshold(lanes.get("premium"))).isLessThanOrEqualTo(threshold(lanes.get("free")));
            assertThat(spec.path("maxReplicaCount").asInt()).as("%s: %s maxReplicaCount", kustomization, worker)
                    .isGreaterThan(partitions(k)).isGreaterThan(spec.path("minReplicaCount").asInt());
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyDeploymentHasADisruptionBudgetThatSelectsItsPods(String kustomization) {
        KubernetesManifests k = built(kustomization);
        for (JsonNode deployment : k.ofKind("Deployment")) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            List<JsonNode> budgets = k.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> selects(pdb.path("spec").path("selector").path("matchLabels"), labels)).toList();
            assertThat(budgets).as("%s: PDBs of %s", kustomization, deployment.path("metadata").path("name").asText())
                    .hasSize(1);
        }
    }

    @Test
    void aKustomizationThatNamesAMissingFileFailsTheBuild(@TempDir Path dir) throws IOException {
        Path base = Repo.DEPLOY.resolve("k8s/base");
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path kustomization = dir.resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization).replace("  - retention-service.yaml\n",
                "  - retention-service.yaml\n  - not-there.yaml\n"));

        KubernetesManifests.checkKustomizeVersion();
        ExternalTool.Result result = ExternalTool.kubectl().run(dir, "kustomize", dir.toString());

        assertThat(result.succeeded()).as(result.output()).isFalse();
        assertThat(result.output()).contains("not-there.yaml");
    }

    private static double threshold(JsonNode trigger) {
        return Double.parseDouble(trigger.path("metadata").path("threshold").asText("0"));
    }

    /** The task topics' partitions as the built ConfigMap sets them, or the TopicsConfig default. */
    private static int partitions(KubernetesManifests k) {
        JsonNode value = k.find("ConfigMap", "headshots-config").orElseThrow().path("data").path("HEADSHOTS_TOPICS_PARTITIONS");
        return value.isMissingNode() ? KubernetesManifestsTests.partitions() : Integer.parseInt(value.asText());
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
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
