package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
 * A worker gets SIGTERM in the middle of a task (inside the tile loop, an ONNX Runtime call running).
 * It must exit 0 within the drain time with no native crash (ONNX Runtime's own shutdown hook must
 * not free the runtime under the running call: {@code OrderlyStop}), acknowledge no task it did not
 * finish (it releases it, never records a failure), and the task must end exactly once.
 */
class GracefulShutdownIT {
    /** What an orchestrator allows between SIGTERM and SIGKILL (Kubernetes' default). */
    private static final Duration DRAIN = Duration.ofSeconds(30);

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
    void workersReady() {
        workers.forEach(w -> w.awaitReady(TestSystem.START_TIMEOUT));
    }

    @AfterAll
    static void stopWorkers() {
        workers.forEach(ServiceProcess::kill);
        workers.clear();
    }

    @RepeatedTest(5)
    void stoppedWorkerHandsItsTaskBackWithinTheDrainTimeAndItIsDoneOnce() throws Exception {
        double[] tilesBefore = workers.stream().mapToDouble(w -> w.metric("upscaler_tiles_total", "")).toArray();
        String id = gateway.submitFast(Images.png(160, 120), "scale", "2");
        ServiceProcess busy = awaitBusy(tilesBefore);

        Instant stopped = Instant.now();
        Duration exit = busy.terminate(DRAIN);
        boolean finishedBeforeExit = system.jobs().result(id, "image").isPresent();
        workers.set(workers.indexOf(busy), system.newWorker(TestSystem.slowTiles(32)).start());

        assertThat(exit).as("exit after SIGTERM").isLessThan(DRAIN);
        assertThat(busy.lastExitCode()).as("exit status of a drained stop; log:%n%s", busy.tail(30)).isZero();
        assertThat(busy.crashReports()).as("native crash reports").isEmpty();
        JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        List<JobEvent> events = kafka.events(id, 1, Duration.ofSeconds(30));
        DoneOnce.assertSucceededOnce(events, id);
        if (!finishedBeforeExit) {
            // Not finished by the stopped worker, never acknowledged by it: another worker started it
            // after the stop. (Started events are best-effort, so the stopped worker's own may be
            // missing; the one after the stop is what proves the hand-over.)
            assertThat(events).as("task_started events after the SIGTERM of a task the stopped worker did not finish")
                    .filteredOn(e -> e.type() == JobEvent.Type.TASK_STARTED && !e.at().isBefore(stopped)).isNotEmpty();
        }
        System.out.printf("graceful stop: exit after %d ms, finished before exit: %s%n", exit.toMillis(),
                finishedBeforeExit);
    }

    private static ServiceProcess awaitBusy(double[] tilesBefore) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < workers.size(); i++) {
                if (workers.get(i).metric("upscaler_tiles_total", "") > tilesBefore[i]) {
                    return workers.get(i);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no worker started a tile within 60 s");
    }
}
