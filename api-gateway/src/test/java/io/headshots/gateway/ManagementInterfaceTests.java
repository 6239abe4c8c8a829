package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Operator endpoints (health, metrics) answer only on the management port: a client of the public
 * API cannot read the service's internals, and probes and Prometheus reach them on a port the
 * Ingress never exposes.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ManagementInterfaceTests {
    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"})
    void thePublicPortDoesNotAnswerOperatorEndpoints(String path) {
        given().when().get(path).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live"})
    void theManagementPortAnswersHealth(String path) {
        Gateway.management().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theManagementPortAnswersMetricsAndNotTheApi() {
        Gateway.management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        Gateway.management().when().get("/v1/jobs").then().statusCode(404);
    }
}
