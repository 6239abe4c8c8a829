package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;

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
 * Webhooks from packaged gateways configured like the shared one (its tenants and lifted limits),
 * several of them or one restarted. A webhook delivery survives the packaged gateway's restart: the receiver fails the first attempt,
 * the gateway stops before the retry is due and starts again knowing nothing in memory, and the
 * delivery record in S3 brings the retry, once, with the same webhook-id and a valid signature.
 * The job's completion is played as a worker does it (result in S3, event on Kafka), so no worker
 * can race the test. Two replicas that both see a job finish make one delivery between them.
 */
class WebhookDeliveryIT {
    private static TestSystem system;
    private static ServiceProcess gateway;
    private static WebhookSink sink;

    @BeforeAll
    static void start() throws Exception {
        system = TestSystem.get();
        sink = new WebhookSink();
        // Retries up to 20 s apart, enough of them to outlast a restart; an attempt claimed by the
        // stopped gateway counts as abandoned after 5 s.
        gateway = system.newGatewayReplica("api-gateway-webhooks", Map.of(
                "GATEWAY_WEBHOOKS_INITIAL_DELAY", "PT20S", "GATEWAY_WEBHOOKS_MAX_DELAY", "PT20S",
                "GATEWAY_WEBHOOKS_MAX_ATTEMPTS", "30", "GATEWAY_WEBHOOKS_SCAN_INTERVAL", "PT1S",
                "GATEWAY_WEBHOOKS_CLAIM_LEASE", "PT5S"));
        gateway.start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.kill();
        }
        sink.close();
    }

    @Test
    void deliveryFailedBeforeARestartArrivesAfterItOncePerAttempt() throws Exception {
        GatewayClient client = new GatewayClient(gateway.url(), GatewayClient.FREE_KEY);
        sink.answer(503);
        String id = client.submit(Images.png(64, 48), "scale", "2", "webhook", sink.url());

        finish(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "pending".equals(
                client.job(id).path("webhook").path("status").asText()));

        // The receiver keeps failing while the gateway stops; it recovers once the gateway is back.
        gateway.terminate(Duration.ofSeconds(30));
        int beforeRestart = sink.received().size();
        gateway.start().awaitReady(TestSystem.START_TIMEOUT);
        sink.answer(200);

        await().atMost(Duration.ofSeconds(90)).until(() -> "delivered".equals(
                client.job(id).path("webhook").path("status").asText()));
        Thread.sleep(3000); // a duplicate attempt would arrive within a few scans
        List<WebhookSink.Received> got = sink.received();
        assertThat(got.size()).isGreaterThan(beforeRestart);
        assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly(got.get(0).header("webhook-id"));
        String secret = client.get("/v1/webhooks/secret").json().get("secret").asText();
        for (WebhookSink.Received r : got) {
            new Webhook(secret).verify(r.body(), r.headers());
        }
        JsonNode attempts = client.job(id).path("webhook").path("attempts");
        int answered = 0;
        int abandoned = 0;
        for (JsonNode attempt : attempts) {
            answered += attempt.hasNonNull("httpStatus") ? 1 : 0;
            abandoned += "abandoned".equals(attempt.path("error").asText()) ? 1 : 0;
        }
        // Once per attempt: every answered attempt is one request; an attempt its gateway abandoned
        // (stopped between claiming and recording it) may or may not have reached the receiver.
        assertThat(got.size()).as("requests vs attempts %s", attempts).isBetween(answered, answered + abandoned);
        assertThat(attempts.get(0).path("httpStatus").asInt()).isEqualTo(503);
        assertThat(attempts.get(attempts.size() - 1).path("httpStatus").asInt()).isEqualTo(200);
    }

    @Test
    void twoReplicasThatBothSeeTheJobFinishSendOneDelivery() throws Exception {
        ServiceProcess second = system.newGatewayReplica("api-gateway-webhooks-2", Map.of(
                "GATEWAY_WEBHOOKS_SCAN_INTERVAL", "PT1S")).start().awaitReady(TestSystem.START_TIMEOUT);
        try (WebhookSink once = new WebhookSink()) {
            GatewayClient first = new GatewayClient(gateway.url(), GatewayClient.FREE_KEY);
            GatewayClient other = new GatewayClient(second.url(), GatewayClient.FREE_KEY);
            String id = first.submit(Images.png(64, 48), "scale", "2", "webhook", once.url());
            other.job(id); // now both replicas hold the job in memory and fold its events

            finish(id);

            await().atMost(Duration.ofSeconds(30)).until(() -> once.received().size() >= 1);
            Thread.sleep(4000); // several scans of both replicas
            assertThat(once.received()).hasSize(1);
            assertThat(other.job(id).at("/webhook/attempts")).hasSize(1);
            assertThat(first.job(id).at("/webhook/status").asText()).isEqualTo("delivered");
        } finally {
            second.kill();
        }
    }

    /** What the upscaler does when it finishes: the result in S3, then the event. */
    private static void finish(String id) {
        TaskSpec spec = system.jobs().job(id).orElseThrow().tasks().get(0);
        TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(), "image/png",
                128, 96, Instant.now());
        system.jobs().putResult(result);
        new KafkaProbe(system.stack().bootstrapServers()).send(Topics.EVENTS, id,
                Messages.toJson(JobEvent.finished(result)));
    }
}
