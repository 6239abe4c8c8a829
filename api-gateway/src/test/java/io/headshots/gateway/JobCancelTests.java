package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobCancelTests {
    @Inject
    JobStore store;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void cancelingAQueuedJobWritesTheMarkerAndTheJobIsCanceledAtOnce() {
        String id = Gateway.submitUpscale(Keys.FREE);

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then()
                .statusCode(202)
                .body("id", equalTo(id))
                .body("status", equalTo("canceled"));

        assertThat(store.isCanceled(id)).isTrue();
        assertThat(store.jobExists(id)).isTrue();
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("canceled"));
        // a retried cancel is answered, not refused
        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("canceled"));
    }

    @Test
    void runningJobStaysCanceledWhenItsWorkerRecordsTheTaskCanceled() {
        String id = Gateway.submitUpscale(Keys.FREE);
        EventBus.publish(JobEvent.Type.TASK_STARTED, id, "image", 0, 0);
        EventBus.publish(JobEvent.Type.TASK_PROGRESS, id, "image", 2, 8);
        awaitProgress(id, 25);

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then().statusCode(202)
                .body("status", equalTo("canceled"));
        TaskResult canceled = TaskResult.canceled(id, "image", "image", Instant.now());
        store.putResult(canceled);
        EventBus.publish(JobEvent.finished(canceled));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("progress.done", equalTo(1)).body("status", equalTo("canceled"))
                .body("outputs", hasSize(0)));
    }

    @Test
    void headshotJobCanceledMidwayKeepsTheOutputsThatWereDone() {
        String id = Gateway.as(Keys.FREE).multiPart("photo", "me.png", TestImages.png(64, 64), "image/png")
                .multiPart("count", "3").when().post("/v1/headshots").then().statusCode(202).extract().path("id");
        JobRecord job = store.job(id).orElseThrow();
        TaskSpec first = job.tasks().get(0);
        store.objects().put(first.outputKey(), TestImages.png(32, 32), "image/png");
        TaskResult done = TaskResult.succeeded(id, first.taskId(), first.outputName(), first.outputKey(),
                "image/png", 32, 32, Instant.now());
        store.putResult(done);
        EventBus.publish(JobEvent.finished(done));
        awaitProgress(id, 33);

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then().statusCode(202)
                .body("status", equalTo("canceled"))
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo(first.outputName()));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs/" + first.outputName()).then().statusCode(200);
    }

    @Test
    void cancelingAFinishedJobIsAConflict() {
        String id = Gateway.submitUpscale(Keys.FREE);
        TaskResult failed = TaskResult.failed(id, "image", "image", "undecodable_image", "bad", Instant.now());
        store.putResult(failed);
        EventBus.publish(JobEvent.finished(failed));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("status", equalTo("failed")));

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("job_finished"))
                .body("status", equalTo(409));
        assertThat(store.isCanceled(id)).isFalse();
    }

    @Test
    void jobThatFinishedUnbeknownToThisReplicaIsAConflictToo() {
        String id = Gateway.submitUpscale(Keys.FREE);
        String outputKey = StorageKeys.upscaled(id, "image", "png");
        store.objects().put(outputKey, TestImages.png(64, 64), "image/png");
        // the result is in S3 but its event never arrives: the cancel must look at S3, not the view
        store.putResult(TaskResult.succeeded(id, "image", "image", outputKey, "image/png", 64, 64, Instant.now()));

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then()
                .statusCode(409).body("code", equalTo("job_finished"));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().body("status", equalTo("succeeded"));
        assertThat(store.isCanceled(id)).isFalse();
    }

    @Test
    void canceledJobThisReplicaNeverSawIsReadAsCanceledFromS3() {
        String id = new JobIds(java.time.Clock.systemUTC()).next();
        Instant created = JobIds.createdAt(id);
        store.putJob(new JobRecord(JobRecord.VERSION, id, "demo-premium", JobKind.UPSCALE, Tier.PREMIUM, created,
                created.plus(Duration.ofHours(24)), StorageKeys.input(id, "png"), "png", 64, 48,
                new JobRecord.UpscaleOptions("realesrgan-x4plus", 4, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, StorageKeys.upscaled(id, "image", "png")))));
        store.cancelJob(id, Instant.now());

        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("canceled"));
    }

    @Test
    void anotherTenantCannotCancelAJob() {
        String id = Gateway.submitUpscale(Keys.FREE);

        Gateway.as(Keys.PREMIUM).post("/v1/jobs/" + id + "/cancel").then()
                .statusCode(404).body("code", equalTo("not_found"));
        Gateway.as(Keys.FREE).post("/v1/jobs/not-a-job/cancel").then().statusCode(404);

        assertThat(store.isCanceled(id)).isFalse();
    }

    @Test
    void canceledJobNoLongerCountsAgainstTheConcurrentJobQuota() {
        String first = Gateway.submitUpscale(Keys.ONE_JOB_CANCELER);
        Gateway.upscale(Keys.ONE_JOB_CANCELER, TestImages.png(64, 48)).statusCode(429)
                .body("code", equalTo("too_many_active_jobs"));

        Gateway.as(Keys.ONE_JOB_CANCELER).post("/v1/jobs/" + first + "/cancel").then().statusCode(202);

        String second = Gateway.submitUpscale(Keys.ONE_JOB_CANCELER);
        Gateway.as(Keys.ONE_JOB_CANCELER).post("/v1/jobs/" + second + "/cancel").then().statusCode(202);
    }

    private static void awaitProgress(String id, int percent) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().statusCode(200).body("progress.percent", equalTo(percent)));
    }
}
