package io.headshots.platform.storage;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Retries a call while it fails transiently (S3 outage, overload), doubling the pause up to a cap.
 * There is no attempt limit: a task must not be marked failed because storage was down for a while.
 * It gives up only when the worker is stopping, so the task is redelivered elsewhere.
 */
public final class TransientRetry {
    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final Duration initial;
    private final Duration max;
    private final BooleanSupplier stopping;

    public TransientRetry(Duration initial, Duration max, BooleanSupplier stopping) {
        this.initial = initial;
        this.max = max;
        this.stopping = stopping;
    }

    public <T> T call(String what, Supplier<T> call) {
        long pause = initial.toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (StorageException e) {
                if (!e.isTransient() || stopping.getAsBoolean()) {
                    throw e;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf("%s failed transiently (attempt %d), retrying: %s", what, attempt, e.getMessage());
                }
                sleep(pause);
                pause = Math.min(max.toMillis(), pause * 2);
            }
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
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
