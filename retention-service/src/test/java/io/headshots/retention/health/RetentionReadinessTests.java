package io.headshots.retention.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.S3Config;
import io.headshots.retention.RetentionTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The retention service is ready only while it can do its work: S3 answers (the sweeps delete
 * there) and the broker answers (the topic retention guard caps every topic's retention there).
 */
@QuarkusTest
@QuarkusTestResource(value = RetentionTestResources.class, restrictToAnnotatedClass = false)
class RetentionReadinessTests {

    @Test
    void readyWhileS3AndTheBrokerAnswer() {
        URI management = URI.create(TestHTTPResourceManager.getManagementUri());
        given().baseUri(management.getScheme() + "://" + management.getHost()).port(management.getPort())
                .when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 's3' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"));
    }

    @Test
    void notReadyWhenTheBrokerDoesNotAnswerAndSaysSoWithinAProbesSecond() throws IOException {
        BrokerReadiness broker = new BrokerReadiness("127.0.0.1:" + unusedPort());
        try {
            long start = System.nanoTime();
            HealthCheckResponse response = broker.call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            broker.close();
        }
    }

    @Test
    void notReadyWhenS3DoesNotAnswer() throws IOException {
        ObjectStore unreachable = ObjectStore.connect(new UnreachableS3("http://127.0.0.1:" + unusedPort()));

        HealthCheckResponse response = new StorageReadiness(unreachable).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record UnreachableS3(String endpoint) implements S3Config {
        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public String accessKey() {
            return "nobody";
        }

        @Override
        public String secretKey() {
            return "nothing-secret";
        }

        @Override
        public String bucket() {
            return "headshots";
        }

        @Override
        public boolean createBucket() {
            return false;
        }
    }
}
