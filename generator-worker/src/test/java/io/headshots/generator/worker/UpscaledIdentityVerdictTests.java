package io.headshots.generator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.VerifyTask;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;

/** The decision of the identity check after upscaling, without models: the engine's verdict, as a result. */
class UpscaledIdentityVerdictTests {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private final String jobId = new JobIds(Clock.systemUTC()).next();
    private final VerifyTask task = new VerifyTask(VerifyTask.VERSION, jobId, "studio-1-upscale",
            StorageKeys.input(jobId, "jpg"), StorageKeys.upscaled(jobId, "studio-1", "png"), "studio-1", "image/png",
            4096, 4096, AT);

    @Test
    void aScoreWithinTheLimitSucceedsTheOutputWithThatScoreAndTheUpscaledImage() {
        UpscaledIdentityVerdict verdict = UpscaledIdentityVerdict.of(task, () -> new IdentityScore(0.97, 0.31), AT);

        TaskResult result = verdict.result();
        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.taskId()).isEqualTo("studio-1-upscale");
        assertThat(result.identityScore()).isEqualTo(0.97);
        assertThat(result.outputKey()).isEqualTo(task.outputKey());
        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.width()).isEqualTo(4096);
        assertThat(verdict.score()).contains(new IdentityScore(0.97, 0.31));
    }

    @Test
    void aScoreBeyondTheLimitFailsTheOutputIdentityMismatchWithTheScoreInTheFailure() {
        IdentityScore far = new IdentityScore(0.81, 0.74);

        UpscaledIdentityVerdict verdict = UpscaledIdentityVerdict.of(task, () -> {
            throw IdentityMismatch.tooFar(far, 0.6);
        }, AT);

        TaskResult result = verdict.result();
        assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(result.errorCode()).isEqualTo(GenerationFailure.IDENTITY_MISMATCH);
        assertThat(result.errorMessage()).contains("identity distance 0.740").contains("at most 0.600")
                .contains("cosine 0.810");
        assertThat(result.outputKey()).as("a refused output is not delivered").isNull();
        assertThat(verdict.score()).as("kept for the distance histogram").contains(far);
    }

    @Test
    void anUpscaledImageWithNoFaceFailsIdentityMismatchWithoutAScore() {
        UpscaledIdentityVerdict verdict = UpscaledIdentityVerdict.of(task, () -> {
            throw IdentityMismatch.notFound();
        }, AT);

        assertThat(verdict.result().errorCode()).isEqualTo(GenerationFailure.IDENTITY_MISMATCH);
        assertThat(verdict.score()).isEmpty();
    }

    @Test
    void aStoredImageThatDoesNotDecodeFailsWithItsOwnReasonAndAnEngineErrorIsNoVerdict() {
        UpscaledIdentityVerdict refused = UpscaledIdentityVerdict.of(task, () -> {
            throw new GenerationFailure(GenerationFailure.UNDECODABLE_IMAGE, "the image is cut short");
        }, AT);

        assertThat(refused.result().errorCode()).isEqualTo(GenerationFailure.UNDECODABLE_IMAGE);
        assertThatThrownBy(() -> UpscaledIdentityVerdict.of(task, () -> {
            throw new IllegalStateException("session closed");
        }, AT)).isInstanceOf(IllegalStateException.class);
    }
}
