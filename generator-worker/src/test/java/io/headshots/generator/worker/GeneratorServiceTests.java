package io.headshots.generator.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = GeneratorTestResources.class, restrictToAnnotatedClass = false)
class GeneratorServiceTests {

    @Test
    void reportsReadyWithItsModelsAgainstTheRealStack() {
        management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'verify-queue' }.status", equalTo("UP"));
    }

    @Test
    void exportsTheIdentityDistanceOfBothStagesAndTheIdentityChecksFromTheFirstScrape() {
        management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("generator_identity_distance_count{stage=\"generated\"}"))
                .body(containsString("generator_identity_distance_count{stage=\"upscaled\"}"))
                .body(containsString("generator_verifications_total{outcome=\"succeeded\"}"))
                .body(containsString("headshots_tasks_in_flight{queue=\"verify\"}"));
    }

    @Test
    void exportsPrometheusMetrics() {
        management().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void thePublicPortAnswersNeitherHealthNorMetrics() {
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
    }

    /** A request to the management interface, where health and metrics answer (not the public port). */
    private static RequestSpecification management() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
