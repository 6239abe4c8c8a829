package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.systemtests.support.DoneOnce;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * The broker restarts (SIGTERM, then started again on the same port and data) while one task runs
 * and others wait in the topic. Nothing is lost: every job, and one submitted right after the
 * restart, succeeds exactly once.
 */
class BrokerRestartIT {
    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        gateway = system.client();
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        worker = system.newWorker(TestSystem.slowTiles(32)).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @RepeatedTest(3)
    void queuedAndRunningJobsSurviveABrokerRestart() {
        double tilesBefore = worker.metric("upscaler_tiles_total", "");
        List<String> ids = new ArrayList<>();
        ids.add(gateway.submitFast(Images.png(128, 96), "scale", "2"));
        for (int i = 0; i < 3; i++) {
            ids.add(gateway.submitFast(Images.png(40, 32 + 2 * i), "scale", "2"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.metric("upscaler_tiles_total", "") <= tilesBefore) {
            assertThat(System.nanoTime()).as("a tile within 60 s").isLessThan(deadline);
            sleep(100);
        }

        system.stack().restartKafka();
        ids.add(submitOnceTheBrokerAnswers());

        for (String id : ids) {
            JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(150));
            assertThat(job.get("status").asText()).as("job %s: %s", id, job).isEqualTo("succeeded");
            assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        }
        var eventsByJob = kafka.events(ids, 1, Duration.ofSeconds(30));
        for (String id : ids) {
            DoneOnce.assertSucceededOnce(eventsByJob.get(id), id);
        }
        assertThat(worker.live()).isTrue();
    }

    /** The gateway answers 503 broker_unavailable until its producer reconnects; a client retries. */
    private static String submitOnceTheBrokerAnswers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Answer answer;
        do {
            answer = gateway.upscale(Multipart.image(Images.png(40, 40)).fields("model", TestSystem.MODEL, "scale", "2"));
            if (answer.status() == 202) {
                return answer.json().get("id").asText();
            }
            assertThat(answer.status()).as(answer.text()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isNotBlank();
            sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no submission accepted within 60 s of the broker restart: " + answer.text());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
