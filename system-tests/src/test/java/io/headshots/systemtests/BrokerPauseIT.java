package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * The broker hangs (SIGSTOP) for longer than the worker's producer delivery timeout while a task
 * finishes. The outcome is stored in S3 during the outage; its terminal event cannot be published,
 * so the task is handed back (not failed, not dead-lettered); after the broker resumes, the next
 * delivery finds the stored outcome and announces it: the job succeeds.
 */
class BrokerPauseIT {
    /** The worker's producer timeouts, short so that the outage outlasts them quickly. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration PAUSE = Duration.ofSeconds(15);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        gateway = system.client();
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        Map<String, String> props = new HashMap<>(TestSystem.slowTiles(32));
        props.put("mp.messaging.outgoing.job-events.delivery.timeout.ms", String.valueOf(DELIVERY_TIMEOUT.toMillis()));
        props.put("mp.messaging.outgoing.job-events.request.timeout.ms", "3000");
        props.put("mp.messaging.outgoing.job-events.max.block.ms", "3000");
        worker = system.newWorker(props).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        system.stack().resumeKafka(); // never leave the shared broker frozen
        worker.kill();
    }

    @Test
    void aTaskThatFinishesWhileTheBrokerHangsEndsSucceededNotFailed() {
        double tilesBefore = worker.metric("upscaler_tiles_total", "");
        double deadLettersBefore = worker.metric("upscaler_dead_letters_total", "");
        String id = gateway.submitFast(Images.png(160, 120), "scale", "2");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.metric("upscaler_tiles_total", "") <= tilesBefore) {
            assertThat(System.nanoTime()).as("a tile within 60 s").isLessThan(deadline);
            sleep(50);
        }
        long logMark = worker.logLength();

        system.stack().pauseKafka();
        boolean storedDuringOutage;
        try {
            sleep(PAUSE.toMillis());
            storedDuringOutage = system.jobs().result(id, "image").isPresent();
        } finally {
            system.stack().resumeKafka();
        }

        JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(150));
        assertThat(storedDuringOutage).as("the task finished and stored its outcome while the broker hung").isTrue();
        assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        List<JobEvent> events = kafka.events(id, 1, Duration.ofSeconds(30));
        assertThat(events).as("terminal events of the job").filteredOn(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED)
                .isNotEmpty();
        assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.TASK_FAILED).isEmpty();
        assertThat(worker.metric("upscaler_dead_letters_total", "")).as("dead letters").isEqualTo(deadLettersBefore);
        assertThat(worker.logSince(logMark)).as("the unannounced outcome was handed back")
                .contains("could not be announced");
        assertThat(worker.live()).isTrue();
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
