package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Topics;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class HeadshotJobTests {
    @Inject
    JobStore store;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void freeTenantGetsStandardHeadshotsOneTaskEach() {
        String id = headshots(Keys.FREE, "corporate,studio", "3").statusCode(202)
                .body("kind", equalTo("headshot"))
                .body("status", equalTo("queued"))
                .body("progress.total", equalTo(3))
                .extract().path("id");

        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.kind()).isEqualTo(JobKind.HEADSHOT);
        assertThat(job.tasks()).extracting(TaskSpec::outputName).containsExactly("corporate-1", "studio-1",
                "corporate-2");
        assertThat(job.tasks()).allSatisfy(t -> assertThat(t.stage()).isEqualTo("generated"));
        assertThat(job.tasks().get(1).outputKey()).isEqualTo(StorageKeys.generated(id, "studio-1", "png"));

        ConsumerRecord<String, byte[]> record = EventBus.find(Topics.GENERATE, id, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no task in the free lane"));
        GenerateTask task = Messages.decodeTask(record.value(), GenerateTask.class);
        assertThat(record.key()).as("keyed per task, so one job's tasks spread").isEqualTo(id + "/" + task.taskId());
        assertThat(task.inputKey()).isEqualTo(job.inputKey());
        assertThat(task.size()).isEqualTo(1024);
        assertThat(task.upscaleSide()).isZero();
        assertThat(task.upscaleKey()).isNull();
    }

    @Test
    void premiumHeadshotsAreUpscaledTo4096() {
        String id = headshots(Keys.PREMIUM, "tech", "2").statusCode(202).extract().path("id");

        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.tasks()).extracting(TaskSpec::outputKey).containsExactly(
                StorageKeys.upscaled(id, "tech-1", "png"), StorageKeys.upscaled(id, "tech-2", "png"));
        // The job waits for the follow-on upscale, not for the 1024 px intermediate.
        assertThat(job.tasks()).extracting(TaskSpec::taskId).containsExactly(
                GenerateTask.upscaleTaskId("tech-1"), GenerateTask.upscaleTaskId("tech-2"));
        GenerateTask task = Messages.decodeTask(EventBus.find(Topics.GENERATE_PREMIUM, id, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no task in the premium lane")).value(), GenerateTask.class);
        assertThat(task.upscaleSide()).isEqualTo(4096);
        assertThat(task.outputKey()).isEqualTo(StorageKeys.generated(id, task.outputName(), "png"));
    }

    @Test
    void freeTenantAskingForMoreThanItsTierIsForbiddenWithTheReason() {
        headshots(Keys.FREE, "corporate", "4").statusCode(403).body("code", equalTo("tier_limit_exceeded"));
    }

    @Test
    void premiumTenantAskingForMoreThanFiftyIsRefused() {
        headshots(Keys.PREMIUM, "corporate", "51").statusCode(422).body("code", equalTo("too_many_headshots"));
    }

    @Test
    void unknownStyleAndBadCountAreRefused() {
        headshots(Keys.PREMIUM, "corporate,underwater", "2").statusCode(400).body("code", equalTo("unknown_style"));
        headshots(Keys.PREMIUM, "corporate,studio,tech", "2").statusCode(400).body("code", equalTo("invalid_count"));
        headshots(Keys.PREMIUM, "corporate", "zero").statusCode(400).body("code", equalTo("invalid_count"));
    }

    @Test
    void photoIsCheckedLikeAnyUpload() {
        Gateway.as(Keys.FREE).multiPart("photo", "me.jpg", TestImages.pngDeclaring(100_000, 100_000), "image/jpeg")
                .when().post("/v1/headshots").then().statusCode(422).body("code", equalTo("image_too_many_pixels"));
    }

    private static ValidatableResponse headshots(String key, String styles, String count) {
        return Gateway.as(key).multiPart("photo", "me.jpg", TestImages.jpeg(320, 400), "image/jpeg")
                .multiPart("styles", styles).multiPart("count", count)
                .when().post("/v1/headshots").then();
    }

}
