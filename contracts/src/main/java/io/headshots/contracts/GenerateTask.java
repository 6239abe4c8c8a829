package io.headshots.contracts;

import java.time.Instant;

/**
 * A message on {@link Topics#GENERATE}: generate one headshot of one style from the stored photo.
 *
 * @param outputKey   where the generated headshot goes ({@code generated/...}), {@code size} square
 * @param variant     which of the style's outputs this is (0-based): varies the seed and pose
 * @param upscaleSide the side of the final square after the follow-on upscale, 0 for none (free tier)
 * @param upscaleKey  where the follow-on upscale writes the final output ({@code upscaled/...}), or
 *                    null when {@code upscaleSide} is 0
 */
public record GenerateTask(
        int v,
        String jobId,
        String taskId,
        String inputKey,
        String outputKey,
        String outputName,
        String style,
        int variant,
        int size,
        int upscaleSide,
        String upscaleKey,
        Instant createdAt) implements TaskMessage {

    public static final int VERSION = 1;

    /**
     * The id of the follow-on {@link UpscaleTask} of a premium output: the generate task's id plus
     * {@code -upscale}. A premium job's {@link TaskSpec} carries this id, so the job succeeds only once
     * the upscaled output exists; the generate step records its own result under its own id.
     */
    public static String upscaleTaskId(String generateTaskId) {
        return generateTaskId + "-upscale";
    }

    @Override
    public void validate() {
        Messages.require(v == VERSION, "unsupported version " + v);
        Messages.require(JobIds.isValid(jobId), "jobId is not a job id");
        Messages.require(taskId != null && !taskId.isBlank(), "taskId missing");
        Messages.require(StorageKeys.belongsTo(inputKey, jobId), "inputKey outside the job");
        Messages.require(StorageKeys.belongsTo(outputKey, jobId), "outputKey outside the job");
        Messages.require(outputName != null && !outputName.isBlank(), "outputName missing");
        Messages.require(Styles.byName(style).isPresent(), "unknown style");
        Messages.require(variant >= 0, "variant must not be negative");
        Messages.require(size > 0, "size must be positive");
        Messages.require(upscaleSide == 0 ? upscaleKey == null
                : upscaleSide > size && StorageKeys.belongsTo(upscaleKey, jobId),
                "upscaleKey must lie in the job exactly when upscaleSide is larger than size");
    }
}
