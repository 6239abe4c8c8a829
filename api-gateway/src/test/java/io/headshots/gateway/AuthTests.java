package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class AuthTests {
    private static final String SOME_JOB = "/v1/jobs/0190b8f0-0000-7000-8000-000000000000";

    @Test
    void requestWithoutKeyIsUnauthorizedWithAProblem() {
        given().when().get(SOME_JOB)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("code", equalTo("missing_api_key"))
                .body("type", equalTo("urn:headshots:problem:missing_api_key"))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void unknownKeyIsUnauthorized() {
        Gateway.as("not-a-key").when().get(SOME_JOB)
                .then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void keyOutsideTheBearerSchemeIsUnauthorized() {
        given().header("Authorization", "Basic " + Keys.FREE).when().get(SOME_JOB)
                .then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void keyIsCheckedBeforeTheUploadIsLookedAt() {
        given().multiPart("image", "x.png", TestImages.text(), "image/png")
                .when().post("/v1/upscales")
                .then().statusCode(401).body("code", equalTo("missing_api_key"));
    }

    @Test
    void validKeyPassesToTheResource() {
        Gateway.as(Keys.FREE).when().get(SOME_JOB)
                .then().statusCode(404).body("code", equalTo("not_found"));
        Gateway.as(Keys.PREMIUM).when().get(SOME_JOB)
                .then().statusCode(404).body("code", equalTo("not_found"));
    }
}
