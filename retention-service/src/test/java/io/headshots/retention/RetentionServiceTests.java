package io.headshots.retention;

import static io.headshots.retention.TestJobs.OBJECTS_PER_JOB;
import static io.headshots.retention.TestJobs.keysOf;
import static io.headshots.retention.TestJobs.put;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.Topics;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.retention.config.RetentionConfig;
import io.headshots.retention.guard.LifecycleBackstop;
import io.headshots.retention.guard.TopicRetentionGuard;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The running service: its schedule, start-up guards and endpoints, against the real broker and S3. */
@QuarkusTest
@QuarkusTestResource(value = RetentionTestResources.class, restrictToAnnotatedClass = false)
class RetentionServiceTests {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    MovableClock clock;

    @Inject
    ObjectStore store;

    @Inject
    RetentionConfig config;

    @Inject
    LifecycleBackstop backstop;

    @Test
    void ttlAndSweepIntervalComeFromTheDocumentedEnvironmentVariables() {
        assertThat(System.getenv("RETENTION_TTL")).isEqualTo("PT30S");
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(System.getenv("RETENTION_SWEEP_INTERVAL")).isEqualTo("PT1S");
        assertThat(config.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void scheduledSweepsDeleteJobsOnceTheInjectedClockPutsThemPastTheTtl() {
        Instant now = Instant.parse("2031-05-04T10:30:00Z");
        clock.setTo(now);
        String hoursOld = put(store, now.minus(Duration.ofHours(3)));
        String minuteOld = put(store, now.minusSeconds(60));
        String fresh = put(store, now.minusSeconds(10));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(keysOf(store, hoursOld)).isEmpty();
            assertThat(keysOf(store, minuteOld)).isEmpty();
        });
        assertThat(keysOf(store, fresh)).hasSize(OBJECTS_PER_JOB);

        clock.advance(Duration.ofMinutes(1));

        await().atMost(WAIT).untilAsserted(() -> assertThat(keysOf(store, fresh)).isEmpty());
    }

    @Test
    void metricsAreExportedUnderPrometheusNamesWithBoundedLabelsOnly() {
        Instant now = Instant.parse("2031-06-01T12:00:00Z");
        clock.setTo(now);
        String due = put(store, now.minus(Duration.ofHours(2)));
        String live = put(store, now.minusSeconds(20));
        await().atMost(WAIT).untilAsserted(() -> assertThat(keysOf(store, due)).isEmpty());

        String metrics = await().atMost(WAIT).until(this::retentionMetrics,
                m -> value(m, "retention_oldest_object_age_seconds") == 20.0);

        assertThat(value(metrics, "retention_deleted_jobs_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "retention_deleted_objects_total")).isGreaterThanOrEqualTo(OBJECTS_PER_JOB);
        assertThat(value(metrics, "retention_deleted_bytes_total")).isGreaterThanOrEqualTo(TestJobs.BYTES_PER_JOB);
        assertThat(value(metrics, "retention_sweep_duration_seconds_count{outcome=\"success\"}")).isPositive();
        assertThat(value(metrics, "retention_sweep_last_success_timestamp_seconds")).isPositive();
        assertThat(value(metrics, "retention_ttl_seconds")).isEqualTo(30.0);
        assertThat(metrics).contains("retention_sweep_failures_total", "retention_lifecycle_rule_installed",
                "retention_sweep_duration_seconds_count{outcome=\"failure\"}");
        assertThat(metrics).doesNotContainPattern(UUID);
        assertThat(keysOf(store, live)).hasSize(OBJECTS_PER_JOB);
    }

    @Test
    void lifecycleBackstopRefusedByTheStoreLeavesTheServiceRunning() {
        // S3Proxy has no lifecycle support: the refusal is logged once and sweeps go on.
        await().atMost(WAIT).until(() -> backstop.state() != LifecycleBackstop.State.PENDING);

        assertThat(backstop.state()).isEqualTo(LifecycleBackstop.State.REFUSED);
        assertThat(value(retentionMetrics(), "retention_lifecycle_rule_installed")).isZero();
        management().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void everyTopicOfTheSystemKeepsMessagesNoLongerThanTheTtl() {
        long ttlMs = config.ttl().toMillis();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> retention = topicRetention(Topics.all());
            assertThat(retention).containsOnlyKeys(Topics.all());
            assertThat(retention.values()).allMatch(ms -> ms == ttlMs);
        });
        assertThat(RetentionTestResources.RAISED_RETENTION_MS).isGreaterThan(ttlMs);
    }

    @Test
    void everyTopicRollsItsSegmentsOftenEnoughThatRetentionDeletesOnTime() {
        long segmentMs = TopicRetentionGuard.segmentMs(config.ttl().toMillis());

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> segment = topicConfig(Topics.all(), TopicConfig.SEGMENT_MS_CONFIG);
            assertThat(segment).containsOnlyKeys(Topics.all());
            assertThat(segment.values()).allMatch(ms -> ms <= segmentMs);
        });
        // 7 days by default: a quiet partition would keep its messages that long.
        assertThat(segmentMs).isLessThan(config.ttl().toMillis());
    }

    private String retentionMetrics() {
        String all = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        StringBuilder ours = new StringBuilder();
        all.lines().filter(l -> l.startsWith("retention_")).forEach(l -> ours.append(l).append('\n'));
        return ours.toString();
    }

    /** The value of a sample line; {@code series} is the name, with its labels where it has any. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)(?: #.*)?$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Map<String, Long> topicRetention(List<String> topics) throws Exception {
        return topicConfig(topics, TopicConfig.RETENTION_MS_CONFIG);
    }

    private static Map<String, Long> topicConfig(List<String> topics, String name) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<String, Long> retention = new HashMap<>();
            for (Map.Entry<ConfigResource, Config> e : admin.describeConfigs(resources).all()
                    .get(30, TimeUnit.SECONDS).entrySet()) {
                retention.put(e.getKey().name(),
                        Long.parseLong(e.getValue().get(name).value()));
            }
            return retention;
        }
    }

    /** A request to the management interface, where health and metrics answer (not the public port). */
    private static RequestSpecification management() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
