package io.headshots.contracts;

import java.time.Instant;

/**
 * A message on {@link Topics#VERIFY_PREMIUM}: score the face of a premium headshot after its upscale
 * against the uploaded photo, and record the output's final result. Published by the upscaler once the
 * upscaled image is stored; consumed by the generator, which has the face models. References only: the
 * photo and the output are read from S3, and no face descriptor travels here (it is biometric data).
 *
 * @param taskId      the job's task for this output ({@link GenerateTask#upscaleTaskId}): the result
 *                    written under this id is the one the job shows
 * @param photoKey    the uploaded photo the face is compared with
 * @param outputKey   the upscaled image ({@code upscaled/...}), already stored
 * @param contentType the stored image's type, carried into the result
 * @param width       the stored image's width
 * @param height      the stored image's height
 */
public record VerifyTask(
        int v,
        String jobId,
        String taskId,
        String photoKey,
        String outputKey,
        String outputName,
        String contentType,
        int width,
        int height,
        Instant createdAt) implements TaskMessage {

    public static final int VERSION = 1;

    @Override
    public void validate() {
        Messages.require(v == VERSION, "unsupported version " + v);
        Messages.require(JobIds.isValid(jobId), "jobId is not a job id");
        Messages.require(taskId != null && !taskId.isBlank(), "taskId missing");
        Messages.require(StorageKeys.belongsTo(photoKey, jobId), "photoKey outside the job");
        Messages.require(StorageKeys.belongsTo(outputKey, jobId), "outputKey outside the job");
        Messages.require(outputName != null && !outputName.isBlank(), "outputName missing");
        Messages.require(contentType != null && !contentType.isBlank(), "contentType missing");
        Messages.require(width > 0 && height > 0, "width and height must be positive");
    }
}
