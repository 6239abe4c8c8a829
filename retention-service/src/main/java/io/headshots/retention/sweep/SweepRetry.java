package io.headshots.retention.sweep;

import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.headshots.platform.storage.StorageException;

/**
 * Retries an S3 call that fails transiently, doubling the pause up to a cap, a bounded number of
 * times: a sweep that cannot finish gives up and leaves the rest to the next sweep, which starts
 * from what the store still holds, so nothing is skipped. Permanent failures are not retried.
 */
public final class SweepRetry {
    private static final Logger LOG = Logger.getLogger(SweepRetry.class);

    private final int attempts;
    private final Duration initial;
    private final Duration max;

    public SweepRetry(int attempts, Duration initial, Duration max) {
        if (attempts < 1) {
            throw new IllegalArgumentException("retention.retry.attempts must be at least 1");
        }
        this.attempts = attempts;
        this.initial = initial;
        this.max = max;
    }

    public <T> T call(String what, Supplier<T> call) {
        long pause = initial.toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (StorageException e) {
                if (!e.isTransient() || attempt >= attempts) {
                    throw e;
                }
                LOG.debugf("%s failed transiently (attempt %d of %d), retrying: %s", what, attempt, attempts,
                        e.getMessage());
                sleep(pause);
                pause = Math.min(max.toMillis(), pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry", true, e);
        }
    }
}
