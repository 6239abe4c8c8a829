package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.headshots.gateway.support.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WebPageTests {
    @Test
    void pageIsServedWithoutAKeyAndLoadsNothingFromElsewhere() {
        given().when().get("/").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"upscale\""))
                .body(containsString("src=\"/app.js\""))
                .body(not(containsString("//cdn")))
                .body(not(containsString("https://")));
        given().when().get("/app.js").then().statusCode(200)
                .body(containsString("/v1/jobs/"))
                .body(not(containsString("https://")));
    }
}
