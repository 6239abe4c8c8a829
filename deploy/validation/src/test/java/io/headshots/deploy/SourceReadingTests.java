package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The readers of the services' sources must read what is there, or every other check is hollow. */
class SourceReadingTests {

    @Test
    void configMappingPropertiesFollowNestingMapsAndKebabCase() {
        String source = """
                package x;
                /** Docs with // and { braces }. */
                @ConfigMapping(prefix = "gateway")
                public interface GatewayConfig {
                    Map<String, Tenant> tenants();
                    @WithDefault("http://127.0.0.1:9000")
                    String endpoint();
                    Optional<Integer> ratePerMinute();
                    @WithName("renamed") int other();
                    Upload upload();
                    default int derived() { return 1; }
                    interface Tenant {
                        String keySha256();
                        Optional<Integer> maxConcurrentJobs();
                    }
                    interface Upload {
                        /** Bytes. */
                        @WithDefault("20971520")
                        long maxBytes();
                    }
                }
                """;

        assertThat(ConfigMappingSource.properties(source)).containsExactlyInAnyOrder("gateway.tenants.*.key-sha256",
                "gateway.tenants.*.max-concurrent-jobs", "gateway.endpoint", "gateway.rate-per-minute",
                "gateway.renamed", "gateway.upload.max-bytes");
    }

    @Test
    void theUpscalerKnowsItsDeviceAndModelsDirAndThePlatformSettings() {
        ServiceSources upscaler = ServiceSources.of("upscaler-worker");

        assertThat(upscaler.propertyNames).contains("upscaler.device", "upscaler.retry.initial-backoff", "s3.endpoint",
                "s3.access-key", "headshots.topics.partitions", "kafka.bootstrap.servers");
        assertThat(upscaler.envReadDirectly).contains("HEADSHOT_MODELS_DIR");
        assertThat(upscaler.httpPort()).isEqualTo(8081);
    }

    @Test
    void environmentNamesMapToPropertiesTheSmallRyeWay() {
        ServiceSources gateway = ServiceSources.of("api-gateway");

        assertThat(EnvironmentNames.accepted(gateway, "S3_SECRET_KEY")).isTrue();
        assertThat(EnvironmentNames.accepted(gateway, "GATEWAY_TENANTS_ACME_KEY_SHA256")).isTrue();
        assertThat(EnvironmentNames.accepted(gateway, "KAFKA_SASL_JAAS_CONFIG")).isTrue();
        assertThat(EnvironmentNames.accepted(gateway, "UPSCALER_DEVICE")).isFalse();
        assertThat(EnvironmentNames.accepted(gateway, "S3_SECRETKEY")).isFalse();
        assertThat(EnvironmentNames.accepted(gateway, "KAFKA_NO_SUCH_SETTING")).isFalse();
    }

    @Test
    void metricNamesFollowMicrometersPrometheusConvention() {
        String source = """
                static final String BYTES = "retention.deleted";
                static final String SECONDS = "seconds";
                Counter.builder(BYTES).baseUnit("bytes").register(r);
                Gauge.builder("retention.oldest.object.age", this, m -> 1.0).baseUnit(SECONDS).register(r);
                metrics.counter("upscaler.dead.letters").increment();
                sample.stop(Timer.builder("upscaler.task.duration").tag("model", m).register(metrics));
                """;

        assertThat(MicrometerSource.familiesIn(source)).containsExactlyInAnyOrder("retention_deleted_bytes_total",
                "retention_oldest_object_age_seconds", "upscaler_dead_letters_total", "upscaler_task_duration_seconds",
                "upscaler_task_duration_seconds_max");
    }

    @Test
    void metricNamesResolveConstantsOfOtherFilesAndEveryBuilder() {
        String names = """
                final class QueueMetrics {
                    static final String PENDING = "headshots.queue.pending.tasks";
                    public static final String WAIT = "headshots.task.wait";
                    private static final String EXHAUSTED = "headshots.tasks.exhausted";
                }
                """;
        String use = """
                MultiGauge.builder(QueueMetrics.PENDING).tag("queue", "generate").register(r);
                Timer.builder(QueueMetrics.WAIT).tags("queue", q, "lane", l).publishPercentileHistogram().register(r);
                r.counter(EXHAUSTED, "queue", q).increment();
                FunctionCounter.builder("a.b", this, x -> 1.0).baseUnit(BaseUnits.TASKS).register(r);
                TimeGauge.builder("c.d", this, TimeUnit.SECONDS, x -> 1.0).register(r);
                """;
        var shared = MicrometerSource.sharedConstants(java.util.List.of(names, use));

        assertThat(MicrometerSource.familiesIn(use, shared)).containsExactlyInAnyOrder("headshots_queue_pending_tasks",
                "headshots_task_wait_seconds", "headshots_task_wait_seconds_max", "headshots_tasks_exhausted_total",
                "a_b_tasks_total", "c_d_seconds");
        // One simple name with two values is not guessed.
        assertThat(MicrometerSource.sharedConstants(java.util.List.of(names, "static final String WAIT = \"other\";")))
                .doesNotContainKey("WAIT").containsKey("PENDING");
    }

    @Test
    void platformSourcesAreReadWithEveryPackageBelowThem() {
        // The queue metrics are registered in platform (io.headshots.platform.queue): every package
        // under platform/src/main/java is read, and platform is among the metric modules.
        assertThat(Repo.METRIC_MODULES).contains("platform").containsAll(Repo.SERVICES);
        assertThat(Repo.mainSources("platform")).anySatisfy(p -> assertThat(p.toString().replace('\\', '/'))
                .endsWith("platform/src/main/java/io/headshots/platform/kafka/TopicsConfig.java"));
    }

    @Test
    void theServicesRegisterTheMetricsTheirReadmesPromise() {
        assertThat(MicrometerSource.families(Repo.SERVICES)).contains("retention_deleted_bytes_total",
                "retention_sweep_last_success_timestamp_seconds", "retention_ttl_seconds", "upscaler_tiles_total",
                "gateway_jobs_submitted_total", "retention_sweep_duration_seconds");
    }
}
