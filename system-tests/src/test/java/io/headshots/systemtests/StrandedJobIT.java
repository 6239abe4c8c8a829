package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * A gateway is killed (SIGKILL) after it stored a job and before its tasks reached the broker: the
 * broker hangs (SIGSTOP), so the submission waits in its publish; the job's record is in S3, its
 * client never got an answer. Another gateway finds the stranded job (record, no queued marker) once
 * the grace is over and publishes its tasks: the job succeeds instead of sitting queued until
 * retention deletes it.
 */
class StrandedJobIT {
    @Test
    void aJobWhoseGatewayDiedBeforePublishingIsQueuedByAnotherGatewayAndSucceeds() throws Exception {
        TestSystem system = TestSystem.get();
        GatewayClient survivor = system.client(); // the shared gateway looks for stranded jobs every second
        ServiceProcess worker = system.newWorker(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
        ServiceProcess doomed = system.newGateway("api-gateway-doomed", Map.of()).start()
                .awaitReady(TestSystem.START_TIMEOUT);
        String jobId;
        try {
            Instant before = Instant.now();
            system.stack().pauseKafka();
            try {
                CompletableFuture.runAsync(() -> new GatewayClient(doomed.url()).upscale(Multipart
                        .image(Images.png(48, 32)).fields("model", TestSystem.MODEL, "scale", "2")));
                jobId = awaitStoredJob(system, before);
                doomed.kill();
            } finally {
                system.stack().resumeKafka();
            }
        } finally {
            doomed.kill();
        }
        assertThat(system.jobs().objects().exists(StorageKeys.queuedMarker(jobId))).as("queued marker").isFalse();

        JsonNode job = survivor.awaitTerminal(jobId, Duration.ofSeconds(120));
        try {
            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
            assertThat(system.jobs().objects().exists(StorageKeys.queuedMarker(jobId))).isTrue();
            assertThat(StoredJob.keys(system.jobs(), jobId)).containsAll(StoredJob.expectedWhenSucceeded(system.jobs(),
                    jobId));
            assertThat(system.gateway().metric("gateway_jobs_requeued_total", "")).isGreaterThanOrEqualTo(1);
        } finally {
            worker.kill();
        }
    }

    /** The id of the job record the doomed gateway stores (in this hour or the next), within 30 s. */
    private static String awaitStoredJob(TestSystem system, Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Instant hour : List.of(after, after.plus(Duration.ofHours(1)))) {
                for (String key : system.jobs().objects().list(StorageKeys.hourPrefix(hour), true)) {
                    String[] parts = key.split("/");
                    if (parts.length == 4 && parts[3].equals("job.json") && JobIds.isValid(parts[2])
                            && !JobIds.createdAt(parts[2]).isBefore(after)) {
                        return parts[2];
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the doomed gateway stored no job record within 30 s");
    }
}
