package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * Premium work does not wait behind free work: one upscaler worker with a backlog of four free
 * upscales starts a premium job within about one free task (the one running when it arrived, or one
 * taken in that instant), overtaking the free tasks queued ahead of it; the free backlog still
 * completes.
 */
class PremiumLaneIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    private static TestSystem system;
    private static ServiceProcess worker;

    @BeforeAll
    static void startOneWorker() {
        system = TestSystem.get();
        worker = system.newWorker(TestSystem.slowTiles(32)).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @Test
    void aPremiumJobStartsBeforeTheFreeBacklogQueuedAheadOfItAndFreeWorkStillCompletes() {
        GatewayClient free = system.client(GatewayClient.FREE_KEY);
        GatewayClient premium = system.client(GatewayClient.KEY);
        KafkaProbe kafka = new KafkaProbe(system.stack().bootstrapServers());
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Each a few seconds of small tiles: the first is still running when the premium job arrives.
            backlog.add(free.submitFast(Images.png(160, 120 + 2 * i), "scale", "2"));
        }
        awaitStarted(kafka, backlog.get(0));

        Instant vipSubmitted = Instant.now(); // the workers' clock: same machine
        String vip = premium.submitFast(Images.png(48, 40), "scale", "2");

        assertThat(premium.awaitTerminal(vip, JOB_TIMEOUT).get("status").asText()).isEqualTo("succeeded");
        for (String id : backlog) {
            assertThat(free.awaitTerminal(id, JOB_TIMEOUT).get("status").asText()).as(id).isEqualTo("succeeded");
        }
        List<String> all = new ArrayList<>(backlog);
        all.add(vip);
        Map<String, List<JobEvent>> events = kafka.events(all, 1, Duration.ofSeconds(30));
        Instant vipStarted = started(events.get(vip));
        // Without lanes the premium task would wait for the whole free backlog queued ahead of it; with
        // them it waits for at most the free task running when it arrived, plus one taken in the
        // instant it was being published.
        List<String> freeStartedWhileVipWaited = backlog.stream()
                .filter(id -> started(events.get(id)).isAfter(vipSubmitted)
                        && started(events.get(id)).isBefore(vipStarted))
                .toList();
        assertThat(freeStartedWhileVipWaited).as("free tasks started between the premium submission (%s) and"
                + " its start (%s)", vipSubmitted, vipStarted).hasSizeLessThanOrEqualTo(1);
        long freeStartedAfterVip = backlog.stream().filter(id -> started(events.get(id)).isAfter(vipStarted)).count();
        assertThat(freeStartedAfterVip).as("free tasks queued ahead that the premium task overtook")
                .isGreaterThanOrEqualTo(1);
    }

    private static void awaitStarted(KafkaProbe kafka, String id) {
        List<?> found = kafka.read(io.headshots.contracts.Topics.EVENTS, r -> id.equals(r.key())
                && io.headshots.contracts.Messages.fromJson(r.value(), JobEvent.class).type() == JobEvent.Type.TASK_STARTED,
                f -> !f.isEmpty(), JOB_TIMEOUT);
        assertThat(found).as("the first free job started").isNotEmpty();
    }

    private static Instant started(List<JobEvent> events) {
        return events.stream().filter(e -> e.type() == JobEvent.Type.TASK_STARTED).map(JobEvent::at)
                .min(Instant::compareTo).orElseThrow();
    }

}
