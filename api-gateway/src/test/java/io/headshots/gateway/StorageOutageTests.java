package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.gateway.quota.JobSlots;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Stops the real S3 server for the duration of each test, and starts it again after. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class StorageOutageTests {
    @Inject
    JobSlots slots;

    private String knownJob;

    @BeforeEach
    void submitAJobThenStopS3() {
        Gateway.awaitReady();
        knownJob = Gateway.submitUpscale(Keys.FREE);
        EventBus.publish(JobEvent.Type.TASK_STARTED, knownJob, "image", 0, 0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> Gateway
                .as(Keys.FREE).get("/v1/jobs/" + knownJob).then().body("status", equalTo("running")));
        LocalStack.shared().stopS3();
    }

    @AfterEach
    void startS3() {
        LocalStack.shared().startS3();
        Gateway.awaitReady();
    }

    @Test
    void submissionIsUnavailableWithRetryAfterAndGivesItsQuotaSlotBack() {
        Set<String> held = slots.held("demo-free");
        Gateway.upscale(Keys.FREE, TestImages.png(64, 48))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("storage_unavailable"));
        assertThat(slots.held("demo-free")).as("the tenant's job slots")
                .isEqualTo(held);
    }

    @Test
    void statusOfAJobTheGatewayKnowsIsServedFromMemory() {
        Gateway.as(Keys.FREE).get("/v1/jobs/" + knownJob).then()
                .statusCode(200)
                .body("status", equalTo("running"));
    }

    @Test
    void readinessReportsS3Down() {
        Gateway.management().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 's3' }.status", equalTo("DOWN"))
                .body("checks.name", hasItem("s3"));
    }
}
