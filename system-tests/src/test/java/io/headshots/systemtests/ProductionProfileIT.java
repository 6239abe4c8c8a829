package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Topics;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;
import io.headshots.systemtests.support.WebhookSink;

/**
 * The packaged gateway in the production profile (no {@code local}): the demo tenants are not there,
 * and it refuses to start without tenants of its own or with a published demo key; a webhook on
 * loopback is refused at delivery (the local stack allows one, production does not).
 */
class ProductionProfileIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** sha256("dev-premium-key"), the key the README publishes. */
    private static final String DEMO_PREMIUM_HASH = "a879fdcc10374fb0631a30fc6c29bf729e53914b46d7d9471a57646a519fd3f6";
    /** An operator's own key hash (any hash that is not a demo key's). */
    private static final String OWN_HASH = "0d5a56d35a8cdd1d4ff2a84dcbd1eb9e02c2ae5d5d0e3b1a8f0c8d0ec7e2e3b1";

    private final TestSystem system = TestSystem.get();

    @Test
    void withoutTenantsTheGatewayRefusesToStart() {
        ServiceProcess gateway = system.newGateway("gateway-prod-none", Map.of("QUARKUS_PROFILE", "prod")).start();

        assertThat(gateway.awaitExit(EXIT)).isNotZero();
        assertThat(gateway.tail(60)).contains("no tenants configured");
    }

    @Test
    void withAPublishedDemoKeyTheGatewayRefusesToStart() {
        ServiceProcess gateway = system.newGateway("gateway-prod-demo", Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_TENANTS_SHOP_KEY_SHA256", DEMO_PREMIUM_HASH, "GATEWAY_TENANTS_SHOP_TIER", "premium")).start();

        assertThat(gateway.awaitExit(EXIT)).isNotZero();
        assertThat(gateway.tail(60)).contains("[shop]").contains("demo key");
    }

    @Test
    void withItsOwnTenantsItStartsAndTheDemoKeysAreRefused() {
        ServiceProcess gateway = system.newGateway("gateway-prod-own", Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_TENANTS_ACME_KEY_SHA256", OWN_HASH, "GATEWAY_TENANTS_ACME_TIER", "free")).start();
        try {
            gateway.awaitReady(TestSystem.START_TIMEOUT);

            var answer = new GatewayClient(gateway.url(), "dev-premium-key").get("/v1/jobs");
            assertThat(answer.status()).as(answer.text()).isEqualTo(401);
        } finally {
            gateway.kill();
        }
    }

    @Test
    void aLoopbackWebhookIsRefusedAtDeliveryAndNeverCalled() throws Exception {
        String key = "acme-webhook-key";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        ServiceProcess gateway = system.newGateway("gateway-prod-webhook", Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_TENANTS_ACME_KEY_SHA256", hash, "GATEWAY_TENANTS_ACME_TIER", "free")).start();
        try (WebhookSink sink = new WebhookSink()) {
            gateway.awaitReady(TestSystem.START_TIMEOUT);
            GatewayClient client = new GatewayClient(gateway.url(), key);
            String id = client.submit(Images.png(64, 48), "scale", "2", "webhook", sink.url());

            TaskSpec spec = system.jobs().job(id).orElseThrow().tasks().get(0);
            TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(),
                    "image/png", 128, 96, Instant.now());
            system.jobs().putResult(result);
            new KafkaProbe(system.stack().bootstrapServers()).send(Topics.EVENTS, id,
                    Messages.toJson(JobEvent.finished(result)));

            // Polled twice a second: the production profile limits a tenant to 120 requests a minute. At
            // ten a second the tenant ran out once, in a full run where the refusal took over 12 s to
            // be recorded (cause not found); what is tested here is the refusal, not its speed.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> "failed".equals(
                    client.job(id).at("/webhook/status").asText()));
            assertThat(client.job(id).at("/webhook/attempts/0/error").asText()).isEqualTo("loopback_address");
            assertThat(client.job(id).at("/webhook/attempts")).hasSize(1);
            assertThat(sink.received()).isEmpty();
            assertThat(gateway.metric("gateway_webhook_deliveries_total", "outcome=\"refused\"")).isEqualTo(1.0);
        } finally {
            gateway.kill();
        }
    }
}
