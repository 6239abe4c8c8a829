package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** The public status of a job, derived from its record and task results (see {@link #derive}). */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, CANCELED;

    /**
     * The status of a job from the counts of its tasks' terminal outcomes. A canceled job (the user
     * canceled it, or a worker recorded a task canceled, which only a cancel causes) is
     * {@link #CANCELED} at once and stays so, whatever its other tasks do later, unless every task
     * had succeeded anyway (the cancel came too late to matter): a terminal status never changes.
     *
     * @param started      whether any task has been picked up by a worker
     * @param jobCanceled  whether the user canceled the job
     */
    public static JobStatus derive(int total, int succeeded, int failed, int canceled, boolean started,
            boolean jobCanceled) {
        int finished = succeeded + failed + canceled;
        if (total > 0 && succeeded == total) {
            return SUCCEEDED;
        }
        if (jobCanceled || canceled > 0) {
            return CANCELED;
        }
        if (finished >= total && total > 0) {
            return succeeded > 0 ? PARTIALLY_SUCCEEDED : FAILED;
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
