package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Guessing keys is slowed down per client address: a few refused keys, then 429 for a while. */
@QuarkusTest
@TestProfile(FailedAuthLimitTests.ThreeFailuresAMinute.class)
@WithTestResource(LocalStackTestResource.class)
class FailedAuthLimitTests {
    private static final String SOME_JOB = "/v1/jobs/0190b8f0-0000-7000-8000-000000000000";

    public static class ThreeFailuresAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth.failures-per-minute", "3");
        }
    }

    @Test
    void anAddressThatKeepsSendingBadKeysGets429AndThenNotEvenAGoodKeyIsLookedAt() {
        Gateway.as(Keys.FREE).when().get(SOME_JOB).then().statusCode(404);
        for (int i = 0; i < 3; i++) {
            Gateway.as("guess-" + i).when().get(SOME_JOB).then().statusCode(401).body("code", equalTo("invalid_api_key"));
        }

        Gateway.as("guess-3").when().get(SOME_JOB).then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("too_many_failed_authentications"));
        given().when().get(SOME_JOB).then().statusCode(429);
        // Until the bucket refills, a right key from the same address does not help: guesses stay bounded.
        Gateway.as(Keys.FREE).when().get(SOME_JOB).then().statusCode(429);
    }
}
