package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class UpscaleJobTests {
    @Inject
    JobStore store;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void submissionStoresTheUploadAndRecordAndQueuesATaskWithKeysOnly() throws Exception {
        byte[] image = TestImages.png(64, 48);

        ExtractableResponse<Response> response = Gateway.upscale(Keys.FREE, image, "scale", "2", "format", "jpeg")
                .statusCode(202)
                .body("status", equalTo("queued"))
                .body("kind", equalTo("upscale"))
                .body("progress.done", equalTo(0))
                .body("progress.total", equalTo(1))
                .extract();
        String id = response.path("id");

        assertThat(JobIds.isValid(id)).isTrue();
        assertThat(response.header("Location")).endsWith("/v1/jobs/" + id);
        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.tenant()).isEqualTo("demo-free");
        assertThat(job.tier()).isEqualTo(Tier.FREE);
        assertThat(job.kind()).isEqualTo(JobKind.UPSCALE);
        assertThat(job.inputKey()).isEqualTo(StorageKeys.input(id, "png"));
        assertThat(job.inputWidth()).isEqualTo(64);
        assertThat(job.inputHeight()).isEqualTo(48);
        assertThat(job.expiresAt()).isEqualTo(job.createdAt().plus(Duration.ofHours(24)));
        assertThat(job.tasks()).containsExactly(new TaskSpec("image", "image", "upscaled", null,
                StorageKeys.upscaled(id, "image", "jpg")));
        assertThat(store.objects().get(job.inputKey()).orElseThrow()).isEqualTo(image);

        ConsumerRecord<String, byte[]> record = EventBus.find(Topics.UPSCALE, id, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no task for the job on " + Topics.UPSCALE));
        assertThat(record.key()).isEqualTo(id + "/image");
        UpscaleTask task = Messages.decodeTask(record.value(), UpscaleTask.class);
        assertThat(task.inputKey()).isEqualTo(job.inputKey());
        assertThat(task.outputKey()).isEqualTo(StorageKeys.upscaled(id, "image", "jpg"));
        assertThat(task.model()).isEqualTo("realesrgan-x4plus");
        assertThat(task.scale()).isEqualTo(2);
        assertThat(task.format()).isEqualTo("jpeg");
        JsonNode json = Messages.mapper().readTree(record.value());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("v", "jobId", "taskId", "inputKey", "outputKey", "outputName",
                "model", "scale", "targetWidth", "targetHeight", "format", "createdAt");
        assertThat(record.value().length).isLessThan(image.length + 1024).isLessThan(1024);
        // The request's trace goes on with the task: the workers continue it from this header.
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).as("the task record's trace context").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain("00000000000000000000000000000000");
    }

    @Test
    void statusFollowsTheWorkersEventsToSuccessThenTheOutputDownloadsAndDeletionRemovesAll() {
        String id = Gateway.submitUpscale(Keys.FREE, "scale", "2");
        JobRecord job = store.job(id).orElseThrow();
        String taskId = job.tasks().get(0).taskId();

        EventBus.publish(JobEvent.Type.TASK_STARTED, id, taskId, 0, 0);
        awaitStatus(id, "running");

        EventBus.publish(JobEvent.Type.TASK_PROGRESS, id, taskId, 3, 8);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().statusCode(200)
                .body("status", equalTo("running"))
                .body("progress.percent", equalTo(37))
                .body("progress.done", equalTo(0)));

        byte[] output = TestImages.png(128, 96);
        String outputKey = job.tasks().get(0).outputKey();
        store.objects().put(outputKey, output, "image/png");
        TaskResult result = TaskResult.succeeded(id, taskId, "image", outputKey, "image/png", 128, 96, Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));

        awaitStatus(id, "succeeded");
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then()
                .body("progress.done", equalTo(1))
                .body("progress.percent", equalTo(100))
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo("image"))
                .body("outputs[0].stage", equalTo("upscaled"))
                .body("outputs[0].width", equalTo(128))
                .body("outputs[0].height", equalTo(96))
                .body("outputs[0].url", equalTo("/v1/jobs/" + id + "/outputs/image"))
                .body("error", nullValue());

        byte[] downloaded = Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs/image").then()
                .statusCode(200)
                .contentType("image/png")
                .header("Content-Length", String.valueOf(output.length))
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(output);

        Gateway.as(Keys.FREE).delete("/v1/jobs/" + id).then().statusCode(204);

        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(404).body("code", equalTo("not_found"));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs/image").then().statusCode(404);
        assertThat(store.objects().list(StorageKeys.jobPrefix(id), true)).isEmpty();
    }

    @Test
    void failedTaskMakesAFailedJobWithTheWorkersReason() {
        String id = Gateway.submitUpscale(Keys.FREE);
        TaskResult result = TaskResult.failed(id, "image", "image", "undecodable_image", "the image could not be decoded",
                Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));

        awaitStatus(id, "failed");
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then()
                .body("error.code", equalTo("undecodable_image"))
                .body("error.message", equalTo("the image could not be decoded"))
                .body("outputs", hasSize(0));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs/image").then()
                .statusCode(404).body("code", equalTo("output_not_ready"));
    }

    @Test
    void jobThisReplicaNeverSawIsReadFromS3() {
        String id = new JobIds(java.time.Clock.systemUTC()).next();
        Instant created = JobIds.createdAt(id);
        String outputKey = StorageKeys.upscaled(id, "image", "png");
        store.putJob(new JobRecord(JobRecord.VERSION, id, "demo-premium", JobKind.UPSCALE, Tier.PREMIUM, created,
                created.plus(Duration.ofHours(24)), StorageKeys.input(id, "png"), "png", 64, 48,
                new JobRecord.UpscaleOptions("realesrgan-x4plus", 4, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, outputKey))));
        store.putResult(TaskResult.succeeded(id, "image", "image", outputKey, "image/png", 256, 192, Instant.now()));

        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("succeeded"))
                .body("outputs[0].width", equalTo(256));
    }

    @Test
    void anotherTenantsJobLooksLikeNoJobAtAll() {
        String id = Gateway.submitUpscale(Keys.FREE);

        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(404).body("code", equalTo("not_found"));
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/outputs/image").then().statusCode(404);
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/events").then().statusCode(404);
        Gateway.as(Keys.PREMIUM).delete("/v1/jobs/" + id).then().statusCode(404);

        assertThat(store.jobExists(id)).isTrue();
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200);
    }

    @Test
    void malformedOrUnknownIdIsNotFound() {
        Gateway.as(Keys.FREE).get("/v1/jobs/not-a-job-id").then().statusCode(404).body("code", equalTo("not_found"));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + new JobIds(java.time.Clock.systemUTC()).next())
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void targetSizeIsRecordedAndSent() {
        String id = Gateway.submitUpscale(Keys.PREMIUM, "width", "200", "height", "150", "model", "realesrgan-x4fast");

        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.upscale()).isEqualTo(new JobRecord.UpscaleOptions("realesrgan-x4fast", 0, 200, 150, "png"));
        assertThat(job.tier()).isEqualTo(Tier.PREMIUM);
        UpscaleTask task = Messages.decodeTask(EventBus.find(Topics.UPSCALE_PREMIUM, id, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("a premium tenant's task is not in the premium lane"))
                .value(), UpscaleTask.class);
        assertThat(task.targetWidth()).isEqualTo(200);
        assertThat(task.targetHeight()).isEqualTo(150);
    }

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheSameJobAndADifferentRequestConflicts() {
        byte[] image = TestImages.png(64, 48);
        String key = "retry-" + System.nanoTime();

        String first = Gateway.as(Keys.FREE).header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("scale", "2")
                .when().post("/v1/upscales").then().statusCode(202).extract().path("id");
        String again = Gateway.as(Keys.FREE).header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("scale", "2")
                .when().post("/v1/upscales").then().statusCode(202).extract().path("id");
        Gateway.as(Keys.FREE).header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("scale", "3")
                .when().post("/v1/upscales").then().statusCode(409).body("code", equalTo("idempotency_key_reused"));
        String otherTenant = Gateway.as(Keys.PREMIUM).header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("scale", "2")
                .when().post("/v1/upscales").then().statusCode(202).extract().path("id");

        assertThat(again).isEqualTo(first);
        assertThat(otherTenant).isNotEqualTo(first);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyMakeOneJobAndTheKeyLivesInS3NotInMemory() throws Exception {
        byte[] image = TestImages.png(64, 40);
        String key = "concurrent-" + System.nanoTime();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> Gateway.as(Keys.FREE).header("Idempotency-Key", key)
                        .multiPart("image", "a.png", image, "image/png").multiPart("scale", "2")
                        .when().post("/v1/upscales").then().statusCode(202).extract().<String>path("id")));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var answer : answers) {
                ids.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(ids).as("job ids answered to four concurrent requests with one key").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        // What any replica reads: the entry names the job by hashes only (no key, no tenant id).
        String entry = io.headshots.contracts.StorageKeys.idempotencyEntry("demo-free",
                io.headshots.gateway.service.IdempotentSubmissions.sha256(key));
        String stored = new String(store.objects().get(entry).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain(key).doesNotContain("demo-free");
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().statusCode(200).body("status", equalTo(status)));
    }
}
