package io.headshots.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.UpscaleTask;
import io.headshots.platform.storage.StorageException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class TaskIntakeTests {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final String jobId = new JobIds(Clock.systemUTC()).next();
    private final UpscaleTask task = new UpscaleTask(UpscaleTask.VERSION, jobId, "t0", StorageKeys.input(jobId, "png"),
            StorageKeys.upscaled(jobId, "image", "png"), "image", "realesrgan-x4fast", 4, 0, 0, "png", Instant.now());

    @Test
    void aHandledTaskIsAccepted() {
        RecordingWork work = new RecordingWork(t -> "done", false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.ACCEPT);
        assertThat(disposition.deadLetterReason()).isNull();
        assertThat(work.handled).containsExactly(task);
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithItsReasonAndNeverHandled() {
        RecordingWork work = new RecordingWork(t -> "done", false);
        byte[] missingFields = ("{\"v\":1,\"jobId\":\"" + jobId + "\"}").getBytes(StandardCharsets.UTF_8);

        TaskIntake.Disposition disposition = intake(work).process(missingFields, 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.REJECT);
        assertThat(disposition.deadLetterReason()).isEqualTo("taskId missing");
        assertThat(work.handled).isEmpty();
        assertThat(work.failures).isEmpty();
        assertThat(deadLetters()).isEqualTo(1);
    }

    @Test
    void anUnexpectedErrorRecordsTheTaskFailedAndDeadLettersIt() {
        IllegalStateException bug = new IllegalStateException("a bug");
        RecordingWork work = new RecordingWork(t -> {
            throw bug;
        }, false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.REJECT);
        assertThat(disposition.deadLetterReason()).isEqualTo("internal_error: IllegalStateException");
        assertThat(work.failures).containsExactly(task.taskId() + ":internal_error");
        assertThat(deadLetters()).isEqualTo(1);
    }

    @Test
    void aPermanentStorageErrorWhileRunningIsRecordedFailedAndDeadLettered() {
        RecordingWork work = new RecordingWork(t -> {
            throw new StorageException("access denied", false, null);
        }, false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.REJECT);
        assertThat(disposition.deadLetterReason()).startsWith("internal_error");
        assertThat(work.failures).containsExactly(task.taskId() + ":internal_error");
    }

    @Test
    void aTaskInterruptedByShutdownIsHandedBackNotFailed() {
        RecordingWork work = new RecordingWork(t -> {
            throw new TaskInterrupted("worker stopping");
        }, true);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.RELEASE);
        assertThat(work.failures).isEmpty();
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aStorageOutageDuringShutdownIsHandedBackNotFailed() {
        RecordingWork work = new RecordingWork(t -> {
            throw new StorageException("connection refused", true, null);
        }, true);

        assertThat(intake(work).process(Messages.toJson(task), 1).verdict()).isEqualTo(TaskIntake.Verdict.RELEASE);
        assertThat(work.failures).isEmpty();
    }

    @Test
    void aStorageOutagePastTheRetryBoundIsHandedBackNotFailed() {
        RecordingWork work = new RecordingWork(t -> {
            throw new StorageException("connection refused", true, null);
        }, false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.RELEASE);
        assertThat(disposition.deadLetterReason()).isNull();
        assertThat(work.failures).isEmpty();
        assertThat(deadLetters()).isZero();
    }

    @Test
    void anyFailureRaisedWhileStoppingIsHandedBackNotRecorded() {
        // e.g. the inference runtime torn down under a running task: not the task's fault; the next
        // worker runs it (and records a real bug there, where nothing is stopping).
        RecordingWork work = new RecordingWork(t -> {
            throw new IllegalStateException("session closed");
        }, true);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.RELEASE);
        assertThat(work.failures).isEmpty();
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aFailureToRecordTheErrorStillDeadLettersTheMessage() {
        RecordingWork work = new RecordingWork(t -> {
            throw new IllegalStateException("a bug");
        }, false) {
            @Override
            public void recordFailure(UpscaleTask failed, String code, String message) {
                throw new StorageException("still down", false, null);
            }
        };

        assertThat(intake(work).process(Messages.toJson(task), 1).deadLetterReason()).startsWith("internal_error");
        assertThat(deadLetters()).isEqualTo(1);
    }

    @Test
    void aRecordedFailureIsRejectedWithoutADeadLetter() {
        RecordingWork work = new RecordingWork(t -> "failed", false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), 1);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.REJECT);
        assertThat(disposition.deadLetterReason()).isNull();
        assertThat(deadLetters()).isZero();
    }

    @Test
    void theLastAllowedDeliveryStillRuns() {
        RecordingWork work = new RecordingWork(t -> "done", false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), MAX_ATTEMPTS);

        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.ACCEPT);
        assertThat(work.handled).containsExactly(task);
    }

    @Test
    void aTaskDeliveredPastTheLimitIsRecordedWorkerCrashedWithoutRunning() {
        RecordingWork work = new RecordingWork(t -> "done", false);

        TaskIntake.Disposition disposition = intake(work).process(Messages.toJson(task), MAX_ATTEMPTS + 1);

        assertThat(work.handled).isEmpty();
        assertThat(work.failures).containsExactly(task.taskId() + ":worker_crashed");
        assertThat(disposition.verdict()).isEqualTo(TaskIntake.Verdict.REJECT);
        assertThat(disposition.deadLetterReason()).isEqualTo("worker_crashed: delivered 3 times without a result");
        assertThat(metrics.get("test.exhausted").counter().count()).isEqualTo(1);
        assertThat(deadLetters()).isEqualTo(1);
    }

    private static final int MAX_ATTEMPTS = 3;

    private TaskIntake<UpscaleTask> intake(RecordingWork work) {
        return new TaskIntake<>(UpscaleTask.class, work, MAX_ATTEMPTS, metrics.counter("test.dead.letters"),
                metrics.counter("test.exhausted"));
    }

    private double deadLetters() {
        return metrics.get("test.dead.letters").counter().count();
    }

    private static class RecordingWork implements TaskWork<UpscaleTask, String> {
        final List<UpscaleTask> handled = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        private final Function<UpscaleTask, String> behaviour;
        private final boolean stopping;

        RecordingWork(Function<UpscaleTask, String> behaviour, boolean stopping) {
            this.behaviour = behaviour;
            this.stopping = stopping;
        }

        @Override
        public String handle(UpscaleTask task) {
            handled.add(task);
            return behaviour.apply(task);
        }

        @Override
        public boolean isFailure(String outcome) {
            return "failed".equals(outcome);
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public void recordFailure(UpscaleTask task, String code, String message) {
            failures.add(task.taskId() + ":" + code);
        }
    }
}
