package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.WebhookReceiver;
import io.headshots.gateway.webhook.SigningSecrets;
import io.headshots.gateway.webhook.WebhookConfig;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The tenant's signing secret: read, kept in S3, rotated with a grace period for the previous one. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WebhookSecretTests {
    // The premium demo tenant: the delivery tests verify with the free tenant's secret, which no test rotates.
    private static final String KEY = Keys.PREMIUM;
    private static final String TENANT = "demo-premium";
    private static WebhookReceiver receiver;

    @Inject
    JobStore store;
    @Inject
    WebhookConfig config;

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
    void secretIsCreatedOnFirstReadKeptInS3AndTheSameOnEveryRead() {
        String first = Gateway.as(KEY).get("/v1/webhooks/secret").then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        String again = Gateway.as(KEY).get("/v1/webhooks/secret").then().extract().path("secret");

        assertThat(again).isEqualTo(first);
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length()))).hasSizeBetween(24, 32);
        String stored = new String(store.objects().get("webhook-secrets/" + StorageKeys.tenantKey(TENANT) + ".json")
                .orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stored).contains(first); // in S3, so that every replica signs with it
        // Another tenant has a secret of its own.
        assertThat(Gateway.as(Keys.FREE).get("/v1/webhooks/secret").then().extract().<String>path("secret"))
                .isNotEqualTo(first);
        io.restassured.RestAssured.given().get("/v1/webhooks/secret").then().statusCode(401);
    }

    @Test
    void rotationSignsWithTheNewSecretAndTheOldOneOnlyDuringTheGracePeriod() throws Exception {
        String old = Gateway.as(KEY).get("/v1/webhooks/secret").then().extract().path("secret");
        String rotated = Gateway.as(KEY).post("/v1/webhooks/secret/rotate").then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertThat(rotated).isNotEqualTo(old);
        assertThat(Gateway.as(KEY).get("/v1/webhooks/secret").then().extract().<String>path("secret"))
                .isEqualTo(rotated);

        // A signature made with the old secret does not verify with the new one.
        String payload = "{\"id\":\"x\"}";
        long now = Instant.now().getEpochSecond();
        Map<String, List<String>> oldOnly = Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp",
                List.of(Long.toString(now)), "webhook-signature", List.of(new Webhook(old).sign("msg_1", now, payload)));
        assertThatThrownBy(() -> new Webhook(rotated).verify(payload, oldOnly))
                .isInstanceOf(WebhookVerificationException.class);

        // During the grace period a webhook carries both signatures: receivers on either secret verify it.
        String id = WebhookDeliveryTests.upscale(KEY, receiver.url("/rotation"));
        var spec = store.job(id).orElseThrow().tasks().get(0);
        TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(), "image/png",
                128, 96, Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/rotation").size() == 1);
        WebhookReceiver.Received got = receiver.at("/rotation").get(0);
        assertThat(got.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(rotated).verify(got.body(), got.headers());
        new Webhook(old).verify(got.body(), got.headers());

        // Past the grace period only the new secret signs.
        SigningSecrets later = new SigningSecrets(store,
                Clock.offset(Clock.systemUTC(), config.secretGracePeriod().plusMinutes(1)), config);
        assertThat(later.signing(TENANT)).containsExactly(rotated);
        Gateway.as(KEY).get("/v1/webhooks/secret").then().body("previousValidUntil",
                org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void secretNeverAppearsInMetrics() {
        String secret = Gateway.as(KEY).get("/v1/webhooks/secret").then().extract().path("secret");
        String metrics = Gateway.management().get("/q/metrics").then().extract().asString();
        assertThat(metrics).doesNotContain(secret).doesNotContain(secret.substring(6, 20));
        Gateway.as(KEY).get("/v1/jobs/" + "0".repeat(8)).then().body("secret", nullValue());
    }
}
