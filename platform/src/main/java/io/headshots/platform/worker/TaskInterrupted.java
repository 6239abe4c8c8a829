package io.headshots.platform.worker;

/**
 * The worker stopped before the task finished. The task is neither acked nor failed: its offset
 * stays uncommitted and another worker takes it after the rebalance.
 */
public class TaskInterrupted extends RuntimeException {
    public TaskInterrupted(String reason) {
        super(reason);
    }
}
