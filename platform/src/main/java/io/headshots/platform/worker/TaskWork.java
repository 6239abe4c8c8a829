package io.headshots.platform.worker;

import io.headshots.contracts.TaskMessage;

/**
 * What a worker does with the tasks {@link TaskIntake} decodes for it.
 *
 * @param <R> what became of a task (the worker's own outcome type, counted in its metrics)
 */
public interface TaskWork<T extends TaskMessage, R> {

    /** Does the task, effectively once; returns normally when its result is recorded (or it needs none). */
    R handle(T task);

    /** True when {@link #handle} recorded the task as failed (a permanent reason, e.g. a bad image). */
    boolean isFailure(R outcome);

    /**
     * What the task's start line says it does, e.g. {@code model realesrgan-x4plus} or
     * {@code style studio}: catalogue names only, never a key, a file name or anything the user wrote.
     */
    default String describe(T task) {
        return "";
    }

    /** True once the worker is shutting down: an unfinished task is then handed back, not failed. */
    boolean stopping();

    /**
     * Records the task as failed with {@code code} so that its job still reaches a terminal state: after
     * {@link #handle} threw something unexpected ({@code internal_error}), or when the task was delivered
     * more often than the queue allows without a result ({@code worker_crashed}). A result that is already
     * stored is never overwritten: it is announced again instead.
     */
    void recordFailure(T task, String code, String message);
}
