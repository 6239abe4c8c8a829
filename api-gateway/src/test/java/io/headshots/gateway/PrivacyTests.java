package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.testing.CapturedLogs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the gateway reveals and keeps about a job outside S3: nothing after the job expired or was
 * deleted, no job id, key or file name in its logs or metric labels, and no upload on local disk
 * once a request has ended, or once it restarted after a crash.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@WithTestResource(PrivacyTests.UploadsLeftByACrash.class)
class PrivacyTests {
    /** A file name a user might give a selfie; it must never reach a log line or a metric. */
    private static final String FILE_NAME = "jane-doe-selfie-2031.png";
    private static final Pattern ANY_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern JOB_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /** An S3 key of a job; the API's own paths ({@code /v1/jobs/...}) are not keys. */
    private static final Pattern STORAGE_KEY = Pattern.compile(Pattern.quote(StorageKeys.ROOT) + "\\d{10}/");

    @Inject
    JobStore store;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path uploads;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void anExpiredJobIsNotFoundAndTheAnswerIsThatOfAnIdNeverUsed() {
        Instant created = Instant.now().minus(Duration.ofHours(25));
        String id = storedJob(created, created.plus(Duration.ofHours(24)));
        String neverUsed = new JobIds(Clock.fixed(created, ZoneOffset.UTC)).next();

        String expired = Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(404)
                .extract().asString();
        String unknown = Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + neverUsed).then().statusCode(404)
                .extract().asString();

        assertThat(expired).isEqualTo(unknown).doesNotContain(id).doesNotContain("demo-premium")
                .doesNotContain("upscale").doesNotContain("image").doesNotContain(created.toString().substring(0, 10));
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/outputs/image").then().statusCode(404);
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/events").then().statusCode(404);
        Gateway.as(Keys.PREMIUM).delete("/v1/jobs/" + id).then().statusCode(404);
    }

    @Test
    void aJobRetentionDeletedIsNotFoundAndTheAnswerIsThatOfAnIdNeverUsed() {
        Instant created = Instant.now().minus(Duration.ofHours(23));
        String id = storedJob(created, created.plus(Duration.ofHours(24)));
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(200);

        // What a retention sweep does to a due job (JobStore.deleteJob, record first); this replica
        // has the job in memory, and notices within gateway.jobs.stale-after at the latest.
        store.deleteJob(id);

        String neverUsed = new JobIds(Clock.fixed(created, ZoneOffset.UTC)).next();
        String unknown = Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + neverUsed).then().statusCode(404)
                .extract().asString();
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/outputs/image").then().statusCode(404);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(404).extract().asString())
                .isEqualTo(unknown));
    }

    @Test
    void logMessagesAtInfoAndAboveNameNoJobIdApiKeyOrFileNameAndTheJobIdIsOnlyAField() {
        String id;
        String tenant = "demo-premium";
        try (CapturedLogs logs = CapturedLogs.install()) {
            id = submitNamed(FILE_NAME);
            Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(200);
            // Nor does the file name reach S3: not in a key, not in the record.
            assertThat(store.objects().list(StorageKeys.jobPrefix(id), true)).isNotEmpty()
                    .noneMatch(k -> k.contains("jane"));
            assertThat(new String(store.objects().get(StorageKeys.jobRecord(id)).orElseThrow(),
                    java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("jane");
            Gateway.as(Keys.PREMIUM).multiPart("image", "refused-" + FILE_NAME, TestImages.text(), "image/png")
                    .when().post("/v1/upscales").then().statusCode(415);
            Gateway.as(Keys.PREMIUM).delete("/v1/jobs/" + id).then().statusCode(204);
            Gateway.as("wrong-key-" + Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(401);

            assertThat(logs.text()).doesNotContain(id).doesNotContain(Keys.PREMIUM).doesNotContain(FILE_NAME)
                    .doesNotContain(tenant).doesNotContainPattern(STORAGE_KEY).doesNotContainPattern(JOB_ID);
            // The job id is a field of the lines about the job (JSON logs print it), with the trace id.
            assertThat(logs.records()).filteredOn(r -> r.text().contains("job queued: upscale, premium tier"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.fields()).containsEntry("jobId", id);
                        assertThat(r.fields().get("traceId")).matches("[0-9a-f]{32}");
                    });
            assertThat(logs.records()).allSatisfy(r -> {
                assertThat(r.fields().keySet()).isSubsetOf("jobId", "taskId", "traceId", "spanId", "sampled",
                        "parentId");
                assertThat(String.join(" ", r.fields().values())).doesNotContain(Keys.PREMIUM)
                        .doesNotContain(FILE_NAME).doesNotContain(tenant).doesNotContainPattern(STORAGE_KEY);
            });
        }
    }

    @Test
    void metricLabelsHoldNoJobIdApiKeyTenantOrFileName() {
        String id = submitNamed(FILE_NAME);
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(200);
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/outputs/image").then().statusCode(404);
        Gateway.as(Keys.PREMIUM).delete("/v1/jobs/" + id).then().statusCode(204);
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/events").then().statusCode(404);

        String metrics = Gateway.management().when().get("/q/metrics").then().statusCode(200).extract().asString();

        // HTTP metrics carry the templated URI, never the id in the path.
        assertThat(metrics).contains("uri=\"/v1/jobs/{id}\"").doesNotContain(id).doesNotContainPattern(ANY_UUID)
                .doesNotContain(Keys.PREMIUM).doesNotContain("demo-premium").doesNotContain(FILE_NAME)
                .doesNotContainPattern(STORAGE_KEY);
    }

    @Test
    void theUploadsDirectoryIsEmptyOnceRequestsHaveEnded() {
        submitNamed(FILE_NAME);
        Gateway.as(Keys.FREE).multiPart("image", FILE_NAME, TestImages.text(), "image/png")
                .when().post("/v1/upscales").then().statusCode(415);
        Gateway.as(Keys.FREE).multiPart("image", FILE_NAME, TestImages.truncatedPng(64, 48), "image/png")
                .when().post("/v1/upscales").then().statusCode(422);
        Gateway.as(Keys.FREE).multiPart("image", FILE_NAME, TestImages.png(64, 48), "image/png")
                .multiPart("scale", "7").when().post("/v1/upscales").then().statusCode(400);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files(uploads)).isEmpty());
    }

    @Test
    void anUploadNoRequestOwnsIsSweptWhileTheGatewayRuns() throws IOException {
        Path orphan = uploads.resolve("upload-whose-request-vanished");
        Files.write(orphan, TestImages.png(64, 48));
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = uploads.resolve("upload-of-a-running-request");
        Files.write(fresh, TestImages.png(64, 48));

        // The sweep runs every second here (UploadsLeftByACrash), deleting what is older than an hour.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(orphan).doesNotExist());
        assertThat(fresh).exists();
        Files.delete(fresh);
    }

    @Test
    void uploadsLeftByACrashedRunAreDeletedAtStartUp() {
        assertThat(uploads).isEqualTo(UploadsLeftByACrash.DIRECTORY);
        assertThat(UploadsLeftByACrash.LEFTOVER).doesNotExist();
        assertThat(files(uploads)).isEmpty();
    }

    @Test
    void apiAnswersAreNeverCachedAndTheWebPageKeepsOnlyTheKeyForTheTab() {
        String stored = storedJob(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(23)));

        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + stored).then().statusCode(200).header("Cache-Control", "no-store");
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + stored + "/outputs/image").then().statusCode(200)
                .header("Cache-Control", "no-store");

        // The page's whole client-side state: the key in sessionStorage (this tab, until it closes),
        // images as in-memory blob URLs, revoked when the key changes. Nothing else is stored.
        String script = given().when().get("/app.js").then().statusCode(200).extract().asString();
        assertThat(script).doesNotContain("localStorage").doesNotContain("document.cookie")
                .doesNotContain("indexedDB").doesNotContain("caches.").contains("URL.revokeObjectURL");
        assertThat(Pattern.compile("sessionStorage\\.setItem\\('([^']+)'").matcher(script).results()
                .map(m -> m.group(1))).containsOnly("apiKey");
    }

    private String submitNamed(String fileName) {
        return Gateway.as(Keys.PREMIUM).multiPart("image", fileName, TestImages.png(64, 48), "image/png")
                .multiPart("scale", "2").when().post("/v1/upscales").then().statusCode(202).extract().path("id");
    }

    /** A finished job of demo-premium written straight to S3, as a worker and the gateway leave it. */
    private String storedJob(Instant created, Instant expires) {
        String id = new JobIds(Clock.fixed(created, ZoneOffset.UTC)).next();
        String outputKey = StorageKeys.upscaled(id, "image", "png");
        store.objects().put(StorageKeys.input(id, "png"), TestImages.png(64, 48), "image/png");
        store.putJob(new JobRecord(JobRecord.VERSION, id, "demo-premium", JobKind.UPSCALE, Tier.PREMIUM, created,
                expires, StorageKeys.input(id, "png"), "png", 64, 48,
                new JobRecord.UpscaleOptions("realesrgan-x4plus", 4, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, outputKey))));
        store.objects().put(outputKey, TestImages.png(256, 192), "image/png");
        store.putResult(TaskResult.succeeded(id, "image", "image", outputKey, "image/png", 256, 192,
                created.plusSeconds(30)));
        return id;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A gateway uploads directory of its own, holding what a gateway killed mid-request left: a
     * selfie from before this process started.
     */
    public static class UploadsLeftByACrash implements QuarkusTestResourceLifecycleManager {
        // Named by the process, not made at random: the test class and this resource may be loaded
        // by different class loaders, and both must name the same directory.
        static final Path DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"),
                "privacy-tests-uploads-" + ProcessHandle.current().pid());
        static final Path LEFTOVER = DIRECTORY.resolve("upload-left-by-a-crash");

        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(DIRECTORY);
                Files.write(LEFTOVER, TestImages.png(64, 48));
                Files.setLastModifiedTime(LEFTOVER, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.http.body.uploads-directory", DIRECTORY.toString(),
                    "gateway.upload.leftover-sweep-interval", "PT1S");
        }

        @Override
        public void stop() {
            try (Stream<Path> list = Files.list(DIRECTORY)) {
                for (Path p : list.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(DIRECTORY);
            } catch (IOException e) {
                // a temporary directory; nothing of value
            }
        }
    }
}
