package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.TaskOutcome;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * The S3 server goes away for a while (the process is stopped) with one task running and one
 * queued. Uploads are refused with 503 and Retry-After meanwhile; the worker retries with backoff
 * and both tasks succeed when S3 is back: the outage fails nothing.
 */
class StorageOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        gateway = system.client();
        worker = system.newWorker(TestSystem.slowTiles(32)).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @RepeatedTest(3)
    void outageIsRetriedThroughAndFailsNothing() {
        double failedBefore = worker.metric("upscaler_tasks_total", "outcome=\"failed\"");
        double tilesBefore = worker.metric("upscaler_tiles_total", "");
        String running = gateway.submitFast(Images.png(128, 96), "scale", "2");
        String queued = gateway.submitFast(Images.png(64, 48), "scale", "2");
        awaitTiles(tilesBefore);

        long logMark = worker.logLength();
        system.stack().stopS3();
        try {
            Answer refused = gateway.upscale(io.headshots.systemtests.support.Multipart.image(Images.png(32, 24))
                    .fields("model", TestSystem.MODEL, "scale", "2"));
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("storage_unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();
            sleep(OUTAGE.toMillis());
        } finally {
            system.stack().startS3();
        }

        for (String id : List.of(running, queued)) {
            JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(120));
            assertThat(job.get("status").asText()).as("job %s: %s", id, job).isEqualTo("succeeded");
            assertThat(system.jobs().results(id)).extracting(r -> r.outcome()).containsExactly(TaskOutcome.SUCCEEDED);
            assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        }
        assertThat(worker.metric("upscaler_tasks_total", "outcome=\"failed\"")).isEqualTo(failedBefore);
        assertThat(worker.logSince(logMark)).as("the worker retried through the outage").contains("failed transiently");
        assertThat(worker.live()).isTrue();
    }

    private static void awaitTiles(double before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.metric("upscaler_tiles_total", "") <= before) {
            assertThat(System.nanoTime()).as("a tile within 60 s").isLessThan(deadline);
            sleep(100);
        }
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
