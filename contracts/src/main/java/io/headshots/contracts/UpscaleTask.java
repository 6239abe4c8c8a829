package io.headshots.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * A message on {@link Topics#UPSCALE}: upscale one stored image into one output object.
 *
 * @param scale        2, 3 or 4; 0 when a target box is given
 * @param targetWidth  exact output width, 0 for none
 * @param targetHeight exact output height, 0 for none
 * @param format       {@code png} or {@code jpeg}
 * @param identityScore for a premium headshot's follow-on upscale: the identity score the generator
 *                      measured, carried into the upscale's {@link TaskResult} (the result the job
 *                      shows); null otherwise. Superseded by the score after the upscale when
 *                      {@code verifyPhotoKey} is set
 * @param verifyPhotoKey for a premium headshot's follow-on: the uploaded photo. The upscaler then
 *                      records its step under {@link #stepResultId} and hands the output on to the
 *                      generator's identity check ({@link VerifyTask}), which records the job's
 *                      result under {@code taskId}. Null (every other upscale, and follow-ons queued
 *                      before the check existed): the upscale's result is the job's
 */
public record UpscaleTask(
        int v,
        String jobId,
        String taskId,
        String inputKey,
        String outputKey,
        String outputName,
        String model,
        int scale,
        int targetWidth,
        int targetHeight,
        String format,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = Messages.ABSENT, useInput = OptBoolean.TRUE) Double identityScore,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = Messages.ABSENT_2, useInput = OptBoolean.TRUE) String verifyPhotoKey)
        implements TaskMessage {

    public static final int VERSION = 1;

    /** A task without an identity score: every upscale the gateway queues. */
    public UpscaleTask(int v, String jobId, String taskId, String inputKey, String outputKey, String outputName,
            String model, int scale, int targetWidth, int targetHeight, String format, Instant createdAt) {
        this(v, jobId, taskId, inputKey, outputKey, outputName, model, scale, targetWidth, targetHeight, format,
                createdAt, null, null);
    }

    /**
     * The id the upscale step of a verified follow-on records its own result under: the task's id plus
     * {@code -stored}, outside the job's task list (like the generate step's), so that a redelivered
     * upscale is skipped while the job waits for the identity check's result under the task's id.
     */
    public static String stepResultId(String taskId) {
        return taskId + "-stored";
    }

    @Override
    public void validate() {
        Messages.require(v == VERSION, "unsupported version " + v);
        Messages.require(JobIds.isValid(jobId), "jobId is not a job id");
        Messages.require(taskId != null && !taskId.isBlank(), "taskId missing");
        Messages.require(StorageKeys.belongsTo(inputKey, jobId), "inputKey outside the job");
        Messages.require(StorageKeys.belongsTo(outputKey, jobId), "outputKey outside the job");
        Messages.require(outputName != null && !outputName.isBlank(), "outputName missing");
        Messages.require(model != null && !model.isBlank(), "model missing");
        Messages.require(scale == 0 ? targetWidth > 0 && targetHeight > 0 : scale >= 2 && scale <= 4,
                "scale must be 2..4, or 0 with a target size");
        Messages.require("png".equals(format) || "jpeg".equals(format), "format must be png or jpeg");
        Messages.require(verifyPhotoKey == null || StorageKeys.belongsTo(verifyPhotoKey, jobId),
                "verifyPhotoKey outside the job");
    }
}
