package io.headshots.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * {@code tasks/{taskId}.json}: written by a worker when a task reaches a terminal outcome. Its
 * existence is what makes redelivered work a no-op.
 *
 * @param identityScore a succeeded headshot's identity check: the cosine between the face embeddings
 *                      of the photo and the output (1 = the same face); null for everything else, and
 *                      in results written before the field existed (read as absent, see
 *                      {@link Messages#ABSENT})
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
        Instant finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = Messages.ABSENT, useInput = OptBoolean.TRUE) Double identityScore) {

    public static final int VERSION = 1;

    public static TaskResult succeeded(String jobId, String taskId, String outputName, String outputKey,
            String contentType, int width, int height, Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.SUCCEEDED, outputName, outputKey, contentType,
                width, height, null, null, at, null);
    }

    /** A headshot delivered with its identity score (cosine between the faces of photo and output), or null. */
    public static TaskResult succeeded(String jobId, String taskId, String outputName, String outputKey,
            String contentType, int width, int height, Instant at, Double identityScore) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.SUCCEEDED, outputName, outputKey, contentType,
                width, height, null, null, at, identityScore);
    }

    public static TaskResult failed(String jobId, String taskId, String outputName, String code, String message,
            Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.FAILED, outputName, null, null, 0, 0, code,
                message, at, null);
    }

    /** The task will not run, or stopped, because the user canceled its job. */
    public static TaskResult canceled(String jobId, String taskId, String outputName, Instant at) {
        return new TaskResult(VERSION, jobId, taskId, TaskOutcome.CANCELED, outputName, null, null, 0, 0, null, null,
                at, null);
    }
}
