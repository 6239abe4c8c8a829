package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobKind;
import io.headshots.contracts.Tier;
import io.headshots.gateway.metrics.GatewayMetrics;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ObservabilityTests {
    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void readinessCoversS3AndTheEventsConsumer() {
        Gateway.management().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 's3' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job-events' }.status", equalTo("UP"));
    }

    @Test
    void submissionsAndRejectionsAreCountedWithBoundedTags() {
        Gateway.submitUpscale(Keys.PREMIUM);
        Gateway.upscale(Keys.FREE, TestImages.text()).statusCode(415);

        String metrics = Gateway.management().when().get("/q/metrics").then().statusCode(200).extract().asString();

        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("gateway_jobs_submitted_total\\{[^}]*kind=\"upscale\"[^}]*tier=\"premium\"[^}]*} [1-9]")
                .containsPattern("gateway_rejections_total\\{[^}]*code=\"unsupported_format\"[^}]*} [1-9]")
                .doesNotContain(Keys.FREE).doesNotContain(Keys.PREMIUM).doesNotContain("demo-free");
    }

    /**
     * A dashboard's {@code increase()} misses the first event of a series that appears with it, and an
     * alert on a missing series never fires: every known series is there from start-up.
     */
    @Test
    void everySubmissionAndRejectionSeriesIsExportedBeforeItsFirstEvent() {
        String metrics = Gateway.management().when().get("/q/metrics").then().statusCode(200).extract().asString();

        for (String code : GatewayMetrics.KNOWN_REJECTION_CODES) {
            assertThat(metrics).containsPattern("gateway_rejections_total\\{[^}]*code=\"" + code + "\"[^}]*} ");
        }
        for (JobKind kind : JobKind.values()) {
            for (Tier tier : Tier.values()) {
                assertThat(metrics).containsPattern("gateway_jobs_submitted_total\\{[^}]*kind=\"" + kind.wireName()
                        + "\"[^}]*tier=\"" + tier.wireName() + "\"[^}]*} ");
            }
        }
        assertThat(metrics).contains("gateway_events_skipped_total");
    }

    /** The alert on failed task sends (deploy/prometheus) reads the task producer's own counters. */
    @Test
    void theTaskProducersSendsAndErrorsAreExported() {
        Gateway.submitUpscale(Keys.PREMIUM);

        String metrics = Gateway.management().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=\"api-gateway-tasks\"[^}]*} [1-9]")
                .containsPattern("kafka_producer_record_error_total\\{[^}]*client_id=\"api-gateway-tasks\"[^}]*} ");
    }

    @Test
    void openApiDescribesTheEndpointsAndSwaggerUiIsServed() {
        given().when().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body(containsString("/v1/upscales"))
                .body(containsString("/v1/jobs/{id}/outputs/{name}"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
