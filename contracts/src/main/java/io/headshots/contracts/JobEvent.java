package io.headshots.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A message on {@link Topics#EVENTS}: something happened to one task of a job. The gateway folds
 * these into its view of the job and relays them over SSE.
 *
 * @param done  progress steps finished within the task (tiles, for the upscaler)
 * @param total progress steps of the task
 */
public record JobEvent(
        int v,
        String jobId,
        String taskId,
        Type type,
        int done,
        int total,
        String outputName,
        String errorCode,
        String errorMessage,
        Instant at) {

    public static final int VERSION = 1;

    public enum Type {
        TASK_STARTED, TASK_PROGRESS, TASK_SUCCEEDED, TASK_FAILED, TASK_CANCELED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static JobEvent started(String jobId, String taskId, Instant at) {
        return new JobEvent(VERSION, jobId, taskId, Type.TASK_STARTED, 0, 0, null, null, null, at);
    }

    public static JobEvent progress(String jobId, String taskId, int done, int total, Instant at) {
        return new JobEvent(VERSION, jobId, taskId, Type.TASK_PROGRESS, done, total, null, null, null, at);
    }

    public static JobEvent finished(TaskResult result) {
        Type type = switch (result.outcome()) {
            case SUCCEEDED -> Type.TASK_SUCCEEDED;
            case FAILED -> Type.TASK_FAILED;
            case CANCELED -> Type.TASK_CANCELED;
        };
        return new JobEvent(VERSION, result.jobId(), result.taskId(), type, 1, 1, result.outputName(),
                result.errorCode(), result.errorMessage(), result.finishedAt());
    }
}
