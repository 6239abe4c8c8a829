package io.headshots.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class UploadValidationTests {

    static Stream<Arguments> hostileImages() {
        return Stream.of(
                Arguments.of("100000x100000 PNG header", TestImages.pngDeclaring(100_000, 100_000), 422,
                        "image_too_many_pixels"),
                Arguments.of("zero bytes", new byte[0], 400, "image_empty"),
                Arguments.of("text named .png", TestImages.text(), 415, "unsupported_format"),
                Arguments.of("PNG cut inside its data", TestImages.truncatedPng(64, 64), 422, "image_truncated"),
                Arguments.of("PNG cut inside its header", java.util.Arrays.copyOf(TestImages.png(64, 64), 20), 422,
                        "image_truncated"),
                Arguments.of("PNG with a wrong header checksum", TestImages.pngWithBadHeaderChecksum(64, 64), 422,
                        "image_corrupt"),
                Arguments.of("animated PNG", TestImages.apng(64, 64), 422, "image_animated"),
                Arguments.of("8x8 image", TestImages.png(8, 8), 422, "image_too_small"),
                Arguments.of("16x15 image", TestImages.png(16, 15), 422, "image_too_small"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @MethodSource("hostileImages")
    void hostileImageIsRefusedWithItsReason(String what, byte[] image, int status, String code) {
        Gateway.upscale(Keys.FREE, image)
                .statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("status", equalTo(status))
                .body("detail", notNullValue());
    }

    @Test
    void fileAboveTheByteLimitIsTooLarge() {
        byte[] big = new byte[20 * 1024 * 1024 + 1];
        System.arraycopy(TestImages.png(64, 64), 0, big, 0, 100);
        Gateway.upscale(Keys.FREE, big).statusCode(413).body("code", equalTo("image_too_large"));
    }

    @Test
    void formWithoutAnImageIsRefused() {
        Gateway.as(Keys.FREE).multiPart("scale", "2").when().post("/v1/upscales")
                .then().statusCode(400).body("code", equalTo("image_missing"));
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of(new String[] {"scale", "5"}, 400, "invalid_scale"),
                Arguments.of(new String[] {"scale", "two"}, 400, "invalid_scale"),
                Arguments.of(new String[] {"model", "no-such-model"}, 400, "unknown_model"),
                Arguments.of(new String[] {"format", "gif"}, 400, "invalid_output_format"),
                Arguments.of(new String[] {"scale", "2", "width", "128", "height", "96"}, 400, "conflicting_size"),
                Arguments.of(new String[] {"width", "128"}, 400, "invalid_target_size"),
                Arguments.of(new String[] {"width", "100000", "height", "20"}, 400, "invalid_target_size"),
                Arguments.of(new String[] {"width", "16384", "height", "16384"}, 403, "tier_limit_exceeded"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badParameters")
    void badParametersAreRefusedWithTheirReason(String[] fields, int status, String code) {
        Gateway.upscale(Keys.FREE, TestImages.png(64, 48), fields)
                .statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code));
    }

    @Test
    void outputAboveThePixelCapIsRefusedBeforeAnythingIsStored() {
        // 4000x4000 at the default scale 4 would be 16000x16000, above the 8192x8192 cap
        Gateway.upscale(Keys.PREMIUM, TestImages.pngDeclaring(4000, 4000))
                .statusCode(422).body("code", equalTo("output_too_large"));
    }

    @Test
    void jpegAndDeclaredTypeMismatchIsJudgedByContent() {
        // sent as image/png named upload.png, but the bytes are a JPEG: accepted as a JPEG
        Gateway.upscale(Keys.FREE, TestImages.jpeg(64, 48), "scale", "2")
                .statusCode(202).body("status", equalTo("queued"));
    }
}
