package io.headshots.gateway;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.SizeLimits;
import io.headshots.contracts.Tier;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The tier's cap on upscales, and the one size limit of contracts {@link SizeLimits} applied at the
 * door: what the workers would refuse after queueing is refused here, before anything is stored.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class UpscaleLimitsTests {

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void freeUpscaleAboveItsLongEdgeCapIsForbiddenAndTheProblemNamesTheLimit() {
        // 1024x600 at scale 4 is 4096x2400: above the free 2048 px long edge
        Gateway.upscale(Keys.FREE, TestImages.pngDeclaring(1024, 600), "scale", "4")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("tier_limit_exceeded"))
                .body("detail", containsString(Tier.FREE_UPSCALE_LONG_EDGE + " px on the long edge"))
                .body("detail", containsString("4096x2400"));
        Gateway.upscale(Keys.FREE, TestImages.pngDeclaring(640, 480), "width", "2049", "height", "100")
                .statusCode(403).body("code", equalTo("tier_limit_exceeded"));
    }

    @Test
    void freeUpscaleAtItsCapIsAccepted() {
        Gateway.upscale(Keys.FREE, TestImages.pngDeclaring(512, 300), "scale", "4").statusCode(202);
        Gateway.upscale(Keys.FREE, TestImages.pngDeclaring(640, 480), "width", "2048", "height", "1536")
                .statusCode(202);
    }

    @Test
    void premiumUpscaleGoesBeyondTheFreeCapUpToTheServiceLimit() {
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(1024, 768), "scale", "4").statusCode(202);
        // 2048x2048 on a 4x model: 8192x8192 from the model, exactly the service's limit
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(2048, 2048), "scale", "4").statusCode(202);
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(2049, 2048), "scale", "4")
                .statusCode(422).body("code", equalTo("output_too_large"));
    }

    @Test
    void upscaleTheModelCouldNotRunIsRefusedAtTheDoorNotAfterQueueing() {
        // Scale 2 of 3000x3000 is 6000x6000 (36 MP, under the output limit), but the 4x model first
        // makes 12000x12000: the upscaler refuses that, so the gateway does too.
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(3000, 3000), "scale", "2")
                .statusCode(422).body("code", equalTo("output_too_large"))
                .body("detail", containsString("realesrgan-x4plus works at 4x"));
        // A small box from a large image still runs the model over the whole image first.
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(6000, 6000), "width", "64", "height", "64")
                .statusCode(422).body("code", equalTo("output_too_large"));
        // The same image at 2x on a 2x model fits.
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(3000, 3000), "scale", "2", "model",
                "realesr-animevideov3-x2").statusCode(202);
    }

    @Test
    void photoAboveTheSharedInputLimitIsRefusedAtTheDoor() {
        // 8000x6000 = 48 MP: the gateway used to take up to 50 MP, which the generator refused above 40 MP.
        Gateway.as(Keys.FREE).multiPart("photo", "me.png", TestImages.pngDeclaring(8000, 6000), "image/png")
                .when().post("/v1/headshots").then()
                .statusCode(422).body("code", equalTo("image_too_many_pixels"))
                .body("detail", containsString(String.valueOf(SizeLimits.MAX_INPUT_PIXELS)));
    }
}
