package io.headshots.retention.sweep;

import java.time.Instant;
import java.util.Optional;

/**
 * What one sweep did. {@code failedUnits} counts hours or jobs that the store refused to delete
 * for good; they stay for the next sweep. {@code oldestLive} is the creation time of the oldest
 * job left, empty when none is.
 */
public record SweepReport(long objectsDeleted, long bytesDeleted, long jobsDeleted, int failedUnits,
        Optional<Instant> oldestLive) {

    public boolean complete() {
        return failedUnits == 0;
    }
}
