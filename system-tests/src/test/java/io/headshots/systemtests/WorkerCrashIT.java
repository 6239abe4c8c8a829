package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.systemtests.support.DoneOnce;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * A worker process crashes (SIGKILL) in the middle of a task. Two workers share the share
 * group; the one doing the work is killed, and the other must take its task once the lock lapses.
 */
class WorkerCrashIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static final List<ServiceProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startTwoWorkers() {
        system = TestSystem.get();
        gateway = system.client();
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        workers.add(system.newWorker(TestSystem.slowTiles(32)).start());
        workers.add(system.newWorker(TestSystem.slowTiles(32)).start());
    }

    @BeforeEach
    void twoWorkersReady() {
        for (ServiceProcess worker : workers) {
            worker.awaitReady(TestSystem.START_TIMEOUT);
        }
    }

    @AfterAll
    static void stopWorkers() {
        workers.forEach(ServiceProcess::kill);
        workers.clear();
    }

    @RepeatedTest(3)
    void tasksOfAKilledWorkerAreRedeliveredToTheSurvivorAndDoneExactlyOnce() {
        double[] tilesBefore = tiles();
        List<String> ids = new ArrayList<>();
        String interrupted = gateway.submitFast(Images.png(160, 120), "scale", "2");
        ids.add(interrupted);
        for (int i = 0; i < 3; i++) {
            ids.add(gateway.submitFast(Images.png(48, 32 + 2 * i), "scale", "2"));
        }

        ServiceProcess busy = awaitBusyWorker(tilesBefore);
        ServiceProcess survivor = workers.get(0) == busy ? workers.get(1) : workers.get(0);
        double survivorDoneBefore = survivor.metric("upscaler_tasks_total", "outcome=\"succeeded\"");
        busy.kill();
        try {
            assertSurvivorFinishesEverythingOnce(ids, interrupted, survivor, survivorDoneBefore);
        } finally {
            // Only now: a replacement started at once could take the partitions instead of the
            // survivor, and this test is about the survivor taking over.
            replace(busy);
        }
    }

    private void assertSurvivorFinishesEverythingOnce(List<String> ids, String interrupted, ServiceProcess survivor,
            double survivorDoneBefore) {
        for (String id : ids) {
            JsonNode job = gateway.awaitTerminal(id, JOB_TIMEOUT);
            assertThat(job.get("status").asText()).as("job %s: %s", id, job).isEqualTo("succeeded");
            // No orphan and no duplicate object: exactly the keys of a finished job.
            assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        }
        JsonNode first = gateway.job(interrupted);
        assertThat(first.at("/outputs/0/width").asInt()).isEqualTo(320);
        assertThat(first.at("/outputs/0/height").asInt()).isEqualTo(240);
        assertThat(survivor.metric("upscaler_tasks_total", "outcome=\"succeeded\"")).isGreaterThan(survivorDoneBefore);
        var eventsByJob = kafka.events(ids, 1, Duration.ofSeconds(30));
        for (String id : ids) {
            List<JobEvent> events = eventsByJob.get(id);
            DoneOnce.assertSucceededOnce(events, id);
        }
    }

    /** The worker whose tile counter moves first: it is in the middle of a task. */
    private static ServiceProcess awaitBusyWorker(double[] tilesBefore) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            double[] now = tiles();
            for (int i = 0; i < workers.size(); i++) {
                if (now[i] > tilesBefore[i]) {
                    return workers.get(i);
                }
            }
            sleep(100);
        }
        throw new AssertionError("no worker started a tile within 30 s");
    }

    private static double[] tiles() {
        return workers.stream().mapToDouble(w -> w.metric("upscaler_tiles_total", "")).toArray();
    }

    /** A fresh worker takes the place of a killed one; it starts while the survivor works. */
    private static void replace(ServiceProcess killed) {
        workers.set(workers.indexOf(killed), system.newWorker(TestSystem.slowTiles(32)).start());
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
