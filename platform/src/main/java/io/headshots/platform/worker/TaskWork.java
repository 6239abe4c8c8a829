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

    /** True once the worker is shutting down: an unfinished task is then handed back, not failed. */
    boolean stopping();

    /**
     * Records the task as failed with {@code internal_error} after {@link #handle} threw something
     * unexpected, so its job still reaches a terminal state; the message also goes to the dead-letter
     * topic for an operator to look at.
     */
    void recordInternalError(T task);
}
