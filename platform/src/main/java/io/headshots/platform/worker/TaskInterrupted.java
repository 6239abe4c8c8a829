package io.headshots.platform.worker;

/**
 * The task could not finish here and goes back to the queue unfailed (RELEASE): the worker is
 * stopping, or the task's outcome is stored but could not be announced (the broker is unreachable),
 * so the next delivery announces it again.
 */
public class TaskInterrupted extends RuntimeException {
    public TaskInterrupted(String reason) {
        super(reason);
    }

    public TaskInterrupted(String reason, Throwable cause) {
        super(reason, cause);
    }
}
