package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.SseStream;
import io.headshots.systemtests.support.TestSystem;

/**
 * The gateway restarts while a client follows a job over SSE. The stopping gateway ends the stream
 * with a {@code reconnect} event and a retry delay; the client reconnects with Last-Event-ID, as
 * EventSource does, and misses nothing: the new stream starts with the full current state under an
 * id above the last one heard, and runs to the terminal status.
 */
class GatewayRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSystem system;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        system.gateway();
        worker = system.newWorker(TestSystem.slowTiles(32)).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @RepeatedTest(3)
    void sseClientReconnectsWithLastEventIdAndMissesNothing() throws Exception {
        GatewayClient gateway = system.client();
        String id = gateway.submitFast(Images.png(160, 120), "scale", "2");
        SseStream before = SseStream.open(gateway.url(), id, null).awaitEvents(1, Duration.ofSeconds(30));

        ServiceProcess process = system.gateway();
        process.terminate(Duration.ofSeconds(30));
        before.awaitClosed(Duration.ofSeconds(10));
        process.start().awaitReady(TestSystem.START_TIMEOUT);

        List<SseStream.Event> heard = before.events();
        // The stopping gateway ended the stream itself, with a retry hint, before its HTTP server drained.
        SseStream.Event ending = heard.get(heard.size() - 1);
        assertThat(ending.name()).as("the last event before the shutdown: %s", heard).isEqualTo("reconnect");
        assertThat(ending.retry()).isEqualTo("1000");
        String lastId = ending.id();
        List<SseStream.Event> after = SseStream.open(gateway.url(), id, lastId)
                .awaitClosed(Duration.ofSeconds(150)).events();

        assertThat(after).as("events after reconnecting with Last-Event-ID %s", lastId).isNotEmpty();
        JsonNode first = JSON.readTree(after.get(0).data());
        assertThat(first.get("id").asText()).isEqualTo(id);
        assertThat(first.has("status") && first.has("progress") && first.has("outputs")).as("full state: %s", first)
                .isTrue();
        assertThat(Long.parseLong(after.get(0).id())).as("first id after reconnect").isGreaterThan(Long.parseLong(lastId));
        for (int i = 1; i < after.size(); i++) {
            assertThat(Long.parseLong(after.get(i).id())).isGreaterThan(Long.parseLong(after.get(i - 1).id()));
        }
        SseStream.Event last = after.get(after.size() - 1);
        JsonNode end = JSON.readTree(last.data());
        assertThat(last.name()).isEqualTo("status");
        assertThat(end.get("status").asText()).isEqualTo("succeeded");
        assertThat(end.at("/outputs/0/width").asInt()).isEqualTo(320);
        assertThat(end.at("/outputs/0/height").asInt()).isEqualTo(240);
    }
}
