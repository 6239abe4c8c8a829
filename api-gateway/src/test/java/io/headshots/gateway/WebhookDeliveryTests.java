package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Topics;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.gateway.support.WebhookReceiver;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Webhooks against the real broker and S3, with a receiver on loopback (the test profile allows
 * loopback, as the local stack does; retries come within a second).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WebhookDeliveryTests {
    private static WebhookReceiver receiver;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    JobStore store;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void finishedJobIsPostedSignedWithTheTenantsSecretAndCarriesItsIdentityScores() throws Exception {
        String url = receiver.url("/signed");
        String id = headshots(Keys.FREE, url);
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200)
                .body("webhook.url", equalTo(url)).body("webhook.status", equalTo("waiting"));

        finishAll(id, 0.83);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/signed").size() == 1);
        WebhookReceiver.Received got = receiver.at("/signed").get(0);
        String secret = Gateway.as(Keys.FREE).get("/v1/webhooks/secret").then().statusCode(200)
                .extract().path("secret");
        new Webhook(secret).verify(got.body(), got.headers()); // throws when the signature does not match
        assertThat(got.header("webhook-id")).isEqualTo("msg_" + id.replace("-", ""));
        assertThat(Long.parseLong(got.header("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
        JsonNode body = JSON.readTree(got.body());
        assertThat(body.path("id").asText()).isEqualTo(id);
        assertThat(body.path("status").asText()).isEqualTo("succeeded");
        assertThat(body.path("outputs").get(0).path("identityScore").asDouble()).isEqualTo(0.83);
        // the same body as GET /v1/jobs/{id} shows (but for the delivery's own record)
        String shown = Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().extract().asString();
        JsonNode asShown = JSON.readTree(shown);
        assertThat(body.path("outputs")).isEqualTo(asShown.path("outputs"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("webhook.status", equalTo("delivered"))
                .body("webhook.id", equalTo(got.header("webhook-id")))
                .body("webhook.attempts", hasSize(1))
                .body("webhook.attempts[0].number", equalTo(1))
                .body("webhook.attempts[0].httpStatus", equalTo(204))
                .body("webhook.attempts[0].at", notNullValue()));
    }

    @Test
    void receiverAnswering500OnceGetsARetryWithTheSameWebhookIdAndTheJobShowsBothAttempts() throws Exception {
        receiver.answer("/flaky", 500, 200);
        String id = upscale(Keys.FREE, receiver.url("/flaky"));

        finishAll(id, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/flaky").size() == 2);
        List<WebhookReceiver.Received> got = receiver.at("/flaky");
        assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
        String secret = Gateway.as(Keys.FREE).get("/v1/webhooks/secret").then().extract().path("secret");
        for (WebhookReceiver.Received r : got) {
            new Webhook(secret).verify(r.body(), r.headers());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("webhook.status", equalTo("delivered"))
                .body("webhook.attempts", hasSize(2))
                .body("webhook.attempts[0].httpStatus", equalTo(500))
                .body("webhook.attempts[0].error", equalTo("http_status"))
                .body("webhook.attempts[1].httpStatus", equalTo(200)));
        Thread.sleep(1500); // no attempt after the delivery
        assertThat(receiver.at("/flaky")).hasSize(2);
    }

    /**
     * Most receivers are on https. The gateway delivers with the JVM's trust store (this test JVM's is
     * {@code webhook-tls/trust.p12}, see the module's pom), connects to the address it checked and names
     * the URL's host for SNI, the Host header and the certificate check.
     */
    @Test
    void anHttpsReceiverWhoseTrustedCertificateNamesTheUrlsHostGetsTheSignedJob() throws Exception {
        try (WebhookReceiver tls = WebhookReceiver.https("webhook-tls/receiver-localhost.p12")) {
            String url = tls.url("localhost", "/over-tls");
            String id = headshots(Keys.FREE, url);

            finishAll(id, 0.77);

            await().atMost(Duration.ofSeconds(20)).until(() -> tls.at("/over-tls").size() == 1);
            WebhookReceiver.Received got = tls.at("/over-tls").get(0);
            String secret = Gateway.as(Keys.FREE).get("/v1/webhooks/secret").then().statusCode(200)
                    .extract().path("secret");
            new Webhook(secret).verify(got.body(), got.headers());
            assertThat(JSON.readTree(got.body()).path("id").asText()).isEqualTo(id);
            assertThat(got.header("host")).isEqualTo(url.replaceFirst("^https://", "").replaceFirst("/.*$", ""));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                    .then().body("webhook.status", equalTo("delivered"))
                    .body("webhook.attempts", hasSize(1))
                    .body("webhook.attempts[0].httpStatus", equalTo(204)));
        }
    }

    /**
     * The certificate is checked: one that does not name the URL's host (the same receiver asked by
     * its IP address, while its certificate names only {@code localhost}) and one from an authority
     * the JVM does not trust both fail the handshake, and nothing reaches the receiver.
     */
    @Test
    void aCertificateForAnotherHostOrFromAnUntrustedIssuerIsATlsFailureAndNothingIsSent() throws Exception {
        try (WebhookReceiver named = WebhookReceiver.https("webhook-tls/receiver-localhost.p12");
                WebhookReceiver untrusted = WebhookReceiver.https("webhook-tls/receiver-untrusted.p12")) {
            String byAddress = upscale(Keys.FREE, named.url("127.0.0.1", "/by-address"));
            String unknownIssuer = upscale(Keys.FREE, untrusted.url("localhost", "/unknown-issuer"));

            finishAll(byAddress, null);
            finishAll(unknownIssuer, null);

            for (String id : List.of(byAddress, unknownIssuer)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE)
                        .get("/v1/jobs/" + id).then()
                        .body("webhook.attempts.size()", greaterThanOrEqualTo(1))
                        .body("webhook.attempts[0].error", equalTo("tls_failed"))
                        .body("webhook.attempts[0].httpStatus", nullValue()));
            }
            assertThat(named.all()).isEmpty();
            assertThat(untrusted.all()).isEmpty();
        }
    }

    @Test
    void a400FromTheReceiverIsNotRetried() throws Exception {
        receiver.answer("/refuses", 400);
        String id = upscale(Keys.FREE, receiver.url("/refuses"));

        finishAll(id, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("webhook.status", equalTo("failed"))
                .body("webhook.attempts", hasSize(1))
                .body("webhook.attempts[0].httpStatus", equalTo(400)));
        Thread.sleep(2500); // several retry delays and scans of the test profile
        assertThat(receiver.at("/refuses")).hasSize(1);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String elsewhere = receiver.url("/redirected-to");
        receiver.answer("/redirects", exchange -> {
            exchange.getResponseHeaders().add("Location", elsewhere);
            return 307;
        });
        String id = upscale(Keys.FREE, receiver.url("/redirects"));

        finishAll(id, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("webhook.status", equalTo("failed"))
                .body("webhook.attempts[0].httpStatus", equalTo(307)));
        assertThat(receiver.at("/redirects")).hasSize(1);
        assertThat(receiver.at("/redirected-to")).isEmpty();
    }

    @Test
    void deadAndSlowReceiversDelayNeitherOtherJobsNorTheirDeliveries() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort(); // closed again: connections are refused
        }
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer("/slow", exchange -> {
            release.await(20, TimeUnit.SECONDS); // past the gateway's response timeout
            return 200;
        });
        String dead = upscale(Keys.FREE, "http://127.0.0.1:" + deadPort + "/hook");
        String slow = upscale(Keys.FREE, receiver.url("/slow"));
        String fine = upscale(Keys.FREE, receiver.url("/fine"));
        try {
            finishAll(dead, null);
            finishAll(slow, null);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/slow").size() >= 1);

            finishAll(fine, null);

            // While the slow receiver still holds its first request, the other job finishes and is delivered.
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.at("/fine").size() == 1);
            assertThat(release.getCount()).isEqualTo(1);
            Gateway.as(Keys.FREE).get("/v1/jobs/" + fine).then().body("status", equalTo("succeeded"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + dead)
                    .then().body("webhook.attempts[0].error", equalTo("connection_failed")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + slow)
                    .then().body("webhook.attempts[0].error", equalTo("timeout")));
        } finally {
            release.countDown();
        }
    }

    @Test
    void webhookIsCheckedAtTheDoorAndABadOneIsAProblem() {
        for (String bad : List.of("ftp://example.com/hook", "not a url", "/relative/hook", "mailto:a@example.com",
                "http://user:pw@example.com/hook", "https://" + "a".repeat(2100) + ".example.com/")) {
            Gateway.as(Keys.FREE).multiPart("image", "upload.png", TestImages.png(64, 48), "image/png")
                    .multiPart("webhook", bad).when().post("/v1/upscales").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_webhook"));
        }
        Gateway.as(Keys.FREE).multiPart("photo", "me.jpg", TestImages.jpeg(320, 400), "image/jpeg")
                .multiPart("webhook", "gopher://example.com").when().post("/v1/headshots").then()
                .statusCode(400).body("code", equalTo("invalid_webhook"));
    }

    @Test
    void webhookUrlIsKeptInTheJobRecordAndNeverOnKafka() {
        String url = receiver.url("/private?token=s3cr3t-token");
        String id = upscale(Keys.FREE, url);

        assertThat(store.job(id).orElseThrow().webhook()).isEqualTo(url);
        var task = EventBus.find(Topics.UPSCALE, id, Duration.ofSeconds(30)).orElseThrow();
        assertThat(new String(task.value(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("s3cr3t-token");
        assertThat(store.job(id).orElseThrow().toString()).doesNotContain("s3cr3t-token");
    }

    @Test
    void deletingAJobDeletesItsDelivery() {
        String id = upscale(Keys.FREE, receiver.url("/before-delete"));
        finishAll(id, null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("webhook.status", equalTo("delivered")));
        assertThat(store.objects().list(StorageKeys.jobPrefix(id) + "webhook/", true)).isNotEmpty();

        Gateway.as(Keys.FREE).delete("/v1/jobs/" + id).then().statusCode(204);

        assertThat(store.objects().list(StorageKeys.jobPrefix(id), true)).isEmpty();
    }

    @Test
    void deliveryCountersStartAtZeroAndCountOutcomes() {
        String metrics = Gateway.management().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : List.of("delivered", "retrying", "failed", "refused")) {
            assertThat(metrics).contains("gateway_webhook_deliveries_total{outcome=\"" + outcome + "\"");
        }
        assertThat(metrics).contains("gateway_webhook_delivery_seconds_count");
        assertThat(metrics).doesNotContain("127.0.0.1:" + receiver.url("").split(":")[2]);
    }

    /** Finishes every task of the job as a worker would: result in S3, event on Kafka. */
    private void finishAll(String id, Double identityScore) {
        JobRecord job = store.job(id).orElseThrow();
        for (TaskSpec spec : job.tasks()) {
            TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(),
                    "image/png", 128, 96, Instant.now(), identityScore);
            store.putResult(result);
            EventBus.publish(JobEvent.finished(result));
        }
    }

    static String upscale(String key, String webhook) {
        return Gateway.upscale(key, TestImages.png(64, 48), "scale", "2", "webhook", webhook).statusCode(202)
                .extract().path("id");
    }

    static String headshots(String key, String webhook) {
        return Gateway.as(key).multiPart("photo", "me.jpg", TestImages.jpeg(320, 400), "image/jpeg")
                .multiPart("styles", "corporate").multiPart("count", "1").multiPart("webhook", webhook)
                .when().post("/v1/headshots").then().statusCode(202).extract().path("id");
    }
}
