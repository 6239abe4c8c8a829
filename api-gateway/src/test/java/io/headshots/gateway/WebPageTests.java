package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.contracts.UpscaleModels;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
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

    @Test
    void thePageAndTheApiCarrySecurityHeadersThatForbidInlineScriptAndFraming() {
        for (String path : new String[] {"/", "/app.js", "/v1/catalogue"}) {
            given().when().get(path).then()
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer");
        }
        // The page needs no inline script or style for that policy to leave it working.
        given().when().get("/").then()
                .body(not(containsString("<script>")))
                .body(not(containsString("style=")))
                .body(not(containsString("<style")));
    }

    @Test
    void catalogueOffersWhatTheContractsDefineSoThePageNeverDrifts() {
        Gateway.as(Keys.FREE).get("/v1/catalogue").then()
                .statusCode(200)
                .body("models", hasSize(UpscaleModels.all().size()))
                .body("models.find { it.default }.name", org.hamcrest.Matchers.equalTo(UpscaleModels.defaultModel().name()))
                .body("models.name", hasItem("realesrgan-x4fast"))
                .body("styles", hasSize(Styles.all().size()))
                .body("styles.name", hasItem("corporate"))
                // no GENERATOR_ENGINE here: the default engine, described as it renders each style
                .body("styles.find { it.name == 'corporate' }.description",
                        org.hamcrest.Matchers.equalTo(Styles.byName("corporate").orElseThrow().description("default")));
        given().get("/app.js").then().body(containsString("/v1/catalogue")).body(containsString("'/v1/jobs'"));
    }
}
