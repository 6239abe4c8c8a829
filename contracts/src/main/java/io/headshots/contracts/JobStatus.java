package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** The public status of a job, derived from its record and task results (see {@link JobView}). */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, CANCELED;

    /**
     * The status of a job from the counts of its tasks' terminal outcomes.
     *
     * @param started      whether any task has been picked up by a worker
     * @param jobCanceled  whether the user canceled the job
     */
    public static JobStatus derive(int total, int succeeded, int failed, int canceled, boolean started,
            boolean jobCanceled) {
        int finished = succeeded + failed + canceled;
        if (finished >= total && total > 0) {
            if (succeeded == total) {
                return SUCCEEDED;
            }
            if (succeeded > 0) {
                return PARTIALLY_SUCCEEDED;
            }
            return failed > 0 ? FAILED : CANCELED;
        }
        if (jobCanceled) {
            return CANCELED;
        }
        return started || finished > 0 ? RUNNING : QUEUED;
    }

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
