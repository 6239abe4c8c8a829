package io.headshots.platform.worker;

import java.util.function.BooleanSupplier;

import io.headshots.platform.storage.JobStore;

/**
 * Asked between the steps of a long task (tiles, diffusion steps) whether to stop: the job was
 * deleted or canceled, another worker finished the task meanwhile (a rebalance moved its partition
 * there), or this worker is shutting down. S3 is asked at most once per interval, so asking after
 * every step stays cheap; an S3 error counts as "keep working" (unknown is not gone).
 */
public final class JobWatch {
    private final JobStore jobs;
    private final String jobId;
    private final String taskId;
    private final BooleanSupplier stopping;
    private final long intervalNanos;
    private long lastCheck = System.nanoTime();
    private boolean gone;
    private boolean canceled;
    private boolean doneElsewhere;

    public JobWatch(JobStore jobs, String jobId, String taskId, BooleanSupplier stopping, long intervalNanos) {
        this.jobs = jobs;
        this.jobId = jobId;
        this.taskId = taskId;
        this.stopping = stopping;
        this.intervalNanos = intervalNanos;
    }

    /** A watch that asks S3 every two seconds. */
    public JobWatch(JobStore jobs, String jobId, String taskId, BooleanSupplier stopping) {
        this(jobs, jobId, taskId, stopping, 2_000_000_000L);
    }

    public boolean shouldStop() {
        long at = System.nanoTime();
        if (!gone && !canceled && !doneElsewhere && at - lastCheck >= intervalNanos) {
            lastCheck = at;
            try {
                JobStore.TaskStart now = jobs.taskStart(jobId, taskId); // one round trip for the three
                gone = !now.jobExists();
                canceled = !gone && now.canceled();
                doneElsewhere = !gone && !canceled && now.result().isPresent();
            } catch (RuntimeException e) {
                // unknown is not gone: keep working
            }
        }
        return gone || canceled || doneElsewhere || stopping.getAsBoolean();
    }

    public boolean gone() {
        return gone;
    }

    public boolean canceled() {
        return canceled;
    }

    public boolean doneElsewhere() {
        return doneElsewhere;
    }
}
