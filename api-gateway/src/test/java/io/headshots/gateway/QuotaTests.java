package io.headshots.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.TaskResult;
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
class QuotaTests {
    private static final String SOME_JOB = "/v1/jobs/0190b8f0-0000-7000-8000-000000000000";

    @Inject
    JobStore store;

    @Test
    void requestsBeyondTheTenantsRateAreRefusedWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            Gateway.as(Keys.RATE_LIMITED).get(SOME_JOB).then().statusCode(404);
        }
        Gateway.as(Keys.RATE_LIMITED).get(SOME_JOB).then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("rate_limited"));
        // other tenants have buckets of their own
        Gateway.as(Keys.FREE).get(SOME_JOB).then().statusCode(404);
    }

    @Test
    void aSecondJobWaitsUntilTheFirstHasFinished() {
        Gateway.awaitReady();
        String first = Gateway.submitUpscale(Keys.ONE_JOB_AT_A_TIME);

        Gateway.upscale(Keys.ONE_JOB_AT_A_TIME, TestImages.png(64, 48))
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("too_many_active_jobs"));

        TaskResult result = TaskResult.failed(first, "image", "image", "undecodable_image", "bad", Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.ONE_JOB_AT_A_TIME)
                .get("/v1/jobs/" + first).then().body("status", equalTo("failed")));

        Gateway.upscale(Keys.ONE_JOB_AT_A_TIME, TestImages.png(64, 48)).statusCode(202);
    }
}
