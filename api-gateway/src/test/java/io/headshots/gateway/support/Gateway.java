package io.headshots.gateway.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Calls the gateway under test the way a client does. */
public final class Gateway {
    private Gateway() {
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", Keys.bearer(key));
    }

    public static ValidatableResponse upscale(String key, byte[] image, String... fields) {
        RequestSpecification request = as(key).multiPart("image", "upload.png", image, "image/png");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(fields[i], fields[i + 1]);
        }
        return request.when().post("/v1/upscales").then();
    }

    /** Submits a small valid upscale and returns the job id. */
    public static String submitUpscale(String key, String... fields) {
        return upscale(key, TestImages.png(64, 48), fields).statusCode(202).extract().path("id");
    }

    /**
     * A request to the gateway's management interface, where health ({@code /q/health}) and
     * metrics ({@code /q/metrics}) answer; the public port does not.
     */
    public static RequestSpecification management() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }

    /** Waits until the gateway reads job events and reaches S3 (readiness), e.g. after start-up. */
    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> management().when().get("/q/health/ready").statusCode() == 200);
    }
}
