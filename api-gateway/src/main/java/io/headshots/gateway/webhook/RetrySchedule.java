package io.headshots.gateway.webhook;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * When a failed webhook attempt is tried again: exponential backoff with full jitter. The ceiling of
 * the wait after attempt n is {@code initial * 2^(n-1)}, capped at {@code max}; the wait itself is drawn
 * uniformly in {@code [0, ceiling]}, so receivers that failed together are not retried in step.
 */
public record RetrySchedule(Duration initial, Duration max) {

    /** The largest wait after the given failed attempt (1 for the first). */
    public Duration ceiling(int failedAttempt) {
        long millis = initial.toMillis() << Math.min(30, Math.max(0, failedAttempt - 1));
        return Duration.ofMillis(Math.min(millis < 0 ? Long.MAX_VALUE : millis, max.toMillis()));
    }

    /**
     * The wait after the given failed attempt.
     *
     * @param uniform draws a number in {@code [0, bound]} for a bound
     */
    public Duration delay(int failedAttempt, LongUnaryOperator uniform) {
        return Duration.ofMillis(uniform.applyAsLong(ceiling(failedAttempt).toMillis()));
    }
}
