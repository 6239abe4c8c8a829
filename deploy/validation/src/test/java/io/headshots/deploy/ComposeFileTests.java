package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

class ComposeFileTests {
    private static final Path COMPOSE_DIR = Repo.DEPLOY.resolve("compose");
    private static final JsonNode COMPOSE = Repo.yaml(COMPOSE_DIR.resolve("compose.yaml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");

    static List<String> services() {
        return Repo.SERVICES;
    }

    static List<String> gpuWorkers() {
        return Repo.GPU_WORKERS;
    }

    @Test
    void theInfrastructureUsesTheRealImages() {
        assertThat(SERVICES.path("kafka").path("image").asText()).isEqualTo("apache/kafka:4.3.1");
        assertThat(SERVICES.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        assertThat(SERVICES.path("minio").path("image").asText()).contains("minio/minio:RELEASE.");
        assertThat(SERVICES.path("prometheus").path("image").asText()).startsWith("prom/prometheus:v");
        assertThat(SERVICES.path("grafana").path("image").asText()).startsWith("grafana/grafana:");
        SERVICES.fields().forEachRemaining(s -> {
            String image = s.getValue().path("image").asText();
            assertThat(image).as("%s pins its image", s.getKey()).contains(":").doesNotEndWith(":latest");
        });
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceIsBuiltFromItsDockerfileAndPublishesItsPort(String service) {
        JsonNode s = SERVICES.path(service);
        Path context = COMPOSE_DIR.resolve(s.path("build").path("context").asText()).normalize();

        assertThat(context).isEqualTo(Repo.ROOT.resolve(service));
        assertThat(context.resolve(s.path("build").path("dockerfile").asText())).isRegularFile()
                .isEqualTo(context.resolve("src/main/docker/Dockerfile.jvm"));
        int port = ServiceSources.of(service).httpPort();
        List<String> containerPorts = new ArrayList<>();
        s.path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            containerPorts.add(parts[parts.length - 1]);
        });
        assertThat(containerPorts).contains(String.valueOf(port));
        assertThat(s.path("depends_on").has("kafka")).isTrue();
        assertThat(s.path("depends_on").has("minio")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceIsHealthCheckedOnItsManagementPortWhichOnlyLoopbackReaches(String service) {
        JsonNode s = SERVICES.path(service);
        int management = ServiceSources.of(service).managementPort();

        assertThat(s.path("healthcheck").path("test").toString()).contains("/dev/tcp/127.0.0.1/" + management)
                .contains("/q/health/ready");
        List<String> published = new ArrayList<>();
        s.path("ports").forEach(p -> published.add(p.asText()));
        assertThat(published).filteredOn(p -> p.endsWith(":" + management)).isNotEmpty()
                .allSatisfy(p -> assertThat(p).as("%s publishes its management port", service).startsWith("127.0.0.1:"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableMeansSomethingToTheService(String service) {
        ServiceSources sources = ServiceSources.of(service);
        List<String> names = new ArrayList<>();
        SERVICES.path(service).path("environment").fieldNames().forEachRemaining(names::add);

        assertThat(names).contains("KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")
                .allSatisfy(env -> assertThat(EnvironmentNames.accepted(sources, env))
                        .as("%s: %s maps to no property or variable the service reads", service, env).isTrue());
        assertThat(SERVICES.path(service).path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText())
                .isEqualTo("kafka:9092");
    }

    @Test
    void theSingleBrokerKeepsEveryInternalTopicOnOneReplica() {
        JsonNode env = SERVICES.path("kafka").path("environment");

        // The image drops its single-node defaults once any KAFKA_* variable is set; the share
        // groups' __share_group_state (3 replicas, min.isr 2 by default) would never come up.
        for (String topic : List.of("OFFSETS_TOPIC", "TRANSACTION_STATE_LOG", "SHARE_COORDINATOR_STATE_TOPIC")) {
            assertThat(env.path("KAFKA_" + topic + "_REPLICATION_FACTOR").asText()).as(topic).isEqualTo("1");
        }
        for (String topic : List.of("TRANSACTION_STATE_LOG", "SHARE_COORDINATOR_STATE_TOPIC")) {
            assertThat(env.path("KAFKA_" + topic + "_MIN_ISR").asText()).as(topic).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void gpuWorkersScaleWithoutFixedNamesOrHostPorts(String worker) {
        JsonNode s = SERVICES.path(worker);

        // `docker compose up --scale <worker>=N`: a container name or a fixed host port allows one replica.
        assertThat(s.has("container_name")).as("%s container_name", worker).isFalse();
        assertThat(s.has("hostname")).as("%s hostname", worker).isFalse();
        s.path("ports").forEach(p -> {
            String[] parts = p.isObject() ? new String[] {p.path("published").asText(""), p.path("target").asText()}
                    : p.asText().split(":");
            String published = parts.length == 1 ? "" : parts[parts.length - 2];
            assertThat(published).as("%s publishes %s on a fixed host port", worker, p).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void gpuWorkersReserveAnNvidiaGpuMountTheModelsAndDrain(String worker) {
        JsonNode s = SERVICES.path(worker);
        JsonNode device = s.path("deploy").path("resources").path("reservations").path("devices").get(0);

        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(device.path("capabilities").toString()).contains("gpu");
        assertThat(s.path("volumes").toString()).contains(":/models:ro");
        assertThat(s.path("stop_grace_period").asText()).isEqualTo("300s");
    }

    @Test
    void theUpscalerRunsOnCudaAndFindsTheModels() {
        JsonNode env = SERVICES.path("upscaler-worker").path("environment");

        assertThat(env.path("UPSCALER_DEVICE").asText()).isEqualTo("cuda");
        assertThat(env.path("HEADSHOT_MODELS_DIR").asText()).isEqualTo("/models");
    }

    @Test
    void prometheusAndGrafanaMountFilesThatExist() {
        for (String service : List.of("prometheus", "grafana")) {
            for (JsonNode volume : SERVICES.path(service).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(COMPOSE_DIR.resolve(source).normalize()).as("%s mounts %s", service, source).exists();
                }
            }
        }
    }

    @Test
    void noSecretIsWrittenIntoTheComposeFile() {
        String text = Repo.read(COMPOSE_DIR.resolve("compose.yaml"));

        assertThat(text).contains("${S3_SECRET_KEY").doesNotContainPattern("(?i)(password|secret_key)\\s*:\\s*[a-z0-9]");
        assertThat(Repo.read(COMPOSE_DIR.resolve(".gitignore"))).contains(".env");
    }
}
