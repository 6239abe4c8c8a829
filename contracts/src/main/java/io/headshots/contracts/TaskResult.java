package io.headshots.contracts;

import java.time.Instant;

/**
 * {@code tasks/{taskId}.json}: written by a worker when a task reaches a terminal outcome. Its
 * existence is what makes redelivered work a no-op.
 */
public record TaskResult(
        int v,
        String jobId,
        String taskId,
        TaskOutcome outcome,
        String outputName,
        String outputKey,
        String contentType,
        int width,
        int height,
        String errorCode,
        String errorMessage,
        Instant finishedAt) {

    public static final int VERSION = 1;

    public static TaskResult succeeded(String jobId, String taskId, String outputName, String outputKey,
            String contentType, int width, int height, Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.SUCCEEDED, outputName, outputKey, contentType,
                width, height, null, null, at);
    }

    public static TaskResult failed(String jobId, String taskId, String outputName, String code, String message,
            Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.FAILED, outputName, null, null, 0, 0, code,
                message, at);
    }

    /** The task will not run, or stopped, because the user canceled its job. */
    public static TaskResult canceled(String jobId, String taskId, String outputName, Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.CANCELED, outputName, null, null, 0, 0, null, null,
                at);
    }
}
