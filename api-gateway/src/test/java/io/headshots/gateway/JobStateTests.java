package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.JobStatus;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;

class JobStateTests {
    private final Instant now = Instant.parse("2026-11-26T05:00:00Z");
    private final String jobId = new JobIds(Clock.systemUTC()).next();
    private final String outputKey = StorageKeys.upscaled(jobId, "image", "png");
    private final JobState submitted = JobState.submitted(new JobRecord(JobRecord.VERSION, jobId, "tenant",
            JobKind.UPSCALE, Tier.PREMIUM, now, now.plus(Duration.ofHours(24)), StorageKeys.input(jobId, "png"), "png",
            0, 0, new JobRecord.UpscaleOptions("realesrgan-x4fast", 4, 0, 0, "png"),
            List.of(new TaskSpec("t0", "image", "upscaled", null, outputKey))), now);
    private final TaskResult result = TaskResult.succeeded(jobId, "t0", "image", outputKey, "image/png", 64, 64, now);

    @Test
    void aTerminalEventFinishesItsTaskWithANewVersion() {
        JobState done = submitted.apply(JobEvent.finished(result), result, now);

        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.version()).isEqualTo(submitted.version() + 1);
    }

    @Test
    void aRepeatedTerminalEventChangesNothing() {
        JobState done = submitted.apply(JobEvent.finished(result), result, now);

        JobState again = done.apply(JobEvent.finished(result), result, now.plusSeconds(5));

        assertThat(again).isSameAs(done);
    }

    @Test
    void aLateFailureAfterASuccessChangesNothing() {
        JobState done = submitted.apply(JobEvent.finished(result), result, now);
        TaskResult failed = TaskResult.failed(jobId, "t0", "image", "internal_error", "x", now.plusSeconds(1));

        assertThat(done.apply(JobEvent.finished(failed), failed, now.plusSeconds(1))).isSameAs(done);
    }
}
