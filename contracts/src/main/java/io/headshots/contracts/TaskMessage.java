package io.headshots.contracts;

/** A unit of work on a task topic. */
public interface TaskMessage {
    String jobId();

    String taskId();

    /** Throws {@link PoisonMessageException} when the message cannot be acted on, whatever the retries. */
    void validate();
}
