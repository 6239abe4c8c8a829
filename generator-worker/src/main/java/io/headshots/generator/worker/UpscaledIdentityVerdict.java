package io.headshots.generator.worker;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.headshots.contracts.TaskResult;
import io.headshots.contracts.VerifyTask;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;

/**
 * What the identity check after a premium headshot's upscale decides for the output: the check passed
 * (the engine's own rule, the same as at generation), so the output succeeds with the score measured
 * on the upscaled image; or it failed, so the output fails with the check's code ({@code
 * identity_mismatch}, the score in its message).
 *
 * @param result the job's result for the output, to record under the verify task's id
 * @param score  the score measured, when faces were compared (also for a mismatch)
 */
record UpscaledIdentityVerdict(TaskResult result, Optional<IdentityScore> score) {

    /**
     * @param check the engine's identity check of the upscaled image against the photo
     * @throws RuntimeException whatever else the check threw (an engine error): no verdict
     */
    static UpscaledIdentityVerdict of(VerifyTask task, Supplier<IdentityScore> check, Instant at) {
        try {
            IdentityScore score = check.get();
            Double cosine = Double.isFinite(score.cosine()) ? score.cosine() : null;
            return new UpscaledIdentityVerdict(TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(),
                    task.outputKey(), task.contentType(), task.width(), task.height(), at, cosine), Optional.of(score));
        } catch (IdentityMismatch mismatch) {
            return new UpscaledIdentityVerdict(failed(task, mismatch, at), mismatch.score());
        } catch (GenerationFailure refused) {
            // the photo or the stored output refused (undecodable, no face in the photo): its own reason
            return new UpscaledIdentityVerdict(failed(task, refused, at), Optional.empty());
        }
    }

    private static TaskResult failed(VerifyTask task, GenerationFailure failure, Instant at) {
        return TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), failure.code(), failure.getMessage(),
                at);
    }
}
