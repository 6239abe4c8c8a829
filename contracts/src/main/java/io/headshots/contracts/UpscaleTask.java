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
 *                      shows); null otherwise
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
        @JacksonInject(value = Messages.ABSENT, useInput = OptBoolean.TRUE) Double identityScore)
        implements TaskMessage {

    public static final int VERSION = 1;

    /** A task without an identity score: every upscale the gateway queues. */
    public UpscaleTask(int v, String jobId, String taskId, String inputKey, String outputKey, String outputName,
            String model, int scale, int targetWidth, int targetHeight, String format, Instant createdAt) {
        this(v, jobId, taskId, inputKey, outputKey, outputName, model, scale, targetWidth, targetHeight, format,
                createdAt, null);
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
    }
}
