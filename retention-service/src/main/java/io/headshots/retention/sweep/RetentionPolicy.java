package io.headshots.retention.sweep;

import java.time.Duration;
import java.time.Instant;

/**
 * When a job is due for deletion. A sweep at {@code now} deletes every job created before
 * {@code now - ttl + sweepInterval}: a job that would pass its TTL before the next sweep goes in
 * this one, so while sweeps run on schedule no job outlives the TTL (it may go up to one interval
 * early). The interval must be shorter than the TTL, which may not exceed 24 hours.
 */
public record RetentionPolicy(Duration ttl, Duration sweepInterval) {
    public static final Duration MAX_TTL = Duration.ofHours(24);

    public RetentionPolicy {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("retention.ttl must be positive and at most PT24H, was " + ttl);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero() || sweepInterval.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException(
                    "retention.sweep-interval must be positive and shorter than the TTL, was " + sweepInterval);
        }
    }

    /** Jobs created before this instant are deleted by a sweep that runs at {@code now}. */
    public Instant deleteCreatedBefore(Instant now) {
        return now.minus(ttl).plus(sweepInterval);
    }
}
