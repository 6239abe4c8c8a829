package io.headshots.contracts;

import java.time.Instant;

/**
 * {@code cancel.json} ({@link StorageKeys#cancelMarker}): written when the user cancels a job. Its
 * existence is the whole signal; workers only check that it exists. Deleted with the job.
 */
public record JobCancel(int v, String jobId, Instant canceledAt) {
    public static final int VERSION = 1;
}
