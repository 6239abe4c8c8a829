package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.UpscaleTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.StorageException;
import io.headshots.upscaler.config.UpscalerConfig;
import io.headshots.upscaler.engine.UpscaleEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A task's result is recorded with a conditional write, against the real S3 server and broker: of two
 * workers finishing one task (one lost its lock while running), the first result stands and the
 * second worker announces that one, not its own; a write whose answer was lost is retried and finds
 * its own result.
 */
@QuarkusTest
@QuarkusTestResource(value = UpscalerTestResources.class, restrictToAnnotatedClass = false)
class ResultRaceTests {
    @Inject
    JobStore jobs;

    @Inject
    UpscaleEngine engine;

    @Inject
    JobEventPublisher events;

    @Inject
    VerifyTaskPublisher verifications;

    @Inject
    UpscalerConfig config;

    @Test
    void aWorkerThatFinishesSecondLeavesTheFirstResultStandingAndAnnouncesThatOne() throws Exception {
        UpscaleTask task = prepare();
        TaskResult first = TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(), task.outputKey(),
                "image/png", 128, 128, Instant.parse("2026-01-02T03:04:05Z"), null);
        String resultKey = StorageKeys.taskResult(task.jobId(), task.taskId());
        // The other worker records its result just before this one tries to.
        ObjectStore racing = new ObjectStore(client(), jobs.objects().bucket()) {
            @Override
            public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
                if (key.equals(resultKey)) {
                    jobs.putResult(first);
                }
                return super.putIfAbsent(key, bytes, contentType);
            }
        };

        assertThat(handler(racing).handle(task)).isEqualTo(UpscaleTaskHandler.Outcome.ALREADY_DONE);

        assertThat(jobs.result(task.jobId(), task.taskId())).contains(first);
        List<JobEvent> terminal = JobDeletionRaceTests.eventsOf(task.jobId()).stream()
                .filter(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED || e.type() == JobEvent.Type.TASK_FAILED)
                .toList();
        assertThat(terminal).containsExactly(JobEvent.finished(first));
    }

    @Test
    void aResultWriteWhoseAnswerWasLostIsRetriedAndCountsAsThisWorkersOwn() throws Exception {
        UpscaleTask task = prepare();
        String resultKey = StorageKeys.taskResult(task.jobId(), task.taskId());
        AtomicBoolean answerLost = new AtomicBoolean();
        ObjectStore flaky = new ObjectStore(client(), jobs.objects().bucket()) {
            @Override
            public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
                boolean written = super.putIfAbsent(key, bytes, contentType);
                if (key.equals(resultKey) && answerLost.compareAndSet(false, true)) {
                    throw new StorageException("connection reset after the write", true, null);
                }
                return written;
            }
        };

        assertThat(handler(flaky).handle(task)).isEqualTo(UpscaleTaskHandler.Outcome.SUCCEEDED);

        assertThat(answerLost).isTrue();
        TaskResult stored = jobs.result(task.jobId(), task.taskId()).orElseThrow();
        assertThat(JobDeletionRaceTests.eventsOf(task.jobId()))
                .filteredOn(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED)
                .containsExactly(JobEvent.finished(stored));
    }

    private UpscaleTaskHandler handler(ObjectStore store) {
        return new UpscaleTaskHandler(new JobStore(store), engine, events, verifications, config,
                new SimpleMeterRegistry(), OpenTelemetry.noop());
    }

    /** A stored job of one fast upscale task, not published: the test runs its handler directly. */
    private UpscaleTask prepare() throws Exception {
        return JobDeletionRaceTests.storedTask(jobs, UpscaleWorkerTests.photo(32, 32), "realesrgan-x4fast", true);
    }

    private static MinioClient client() {
        return MinioClient.builder().endpoint(LocalStack.shared().s3Endpoint())
                .credentials(LocalStack.ACCESS_KEY, LocalStack.SECRET_KEY).build();
    }
}
