package io.headshots.platform.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one retry policy for S3 calls, used by the workers and the retention sweep alike: a call that
 * fails transiently (outage, overload) is tried again after an exponential backoff with full jitter
 * (a random pause between zero and {@code min(maxBackoff, initialBackoff x 2^n)}, so that workers hit
 * by the same outage do not all come back in the same instant), at most {@code attempts} times. Past
 * that bound, or as soon as the service is stopping, the last transient {@link StorageException} is
 * thrown: a worker hands its task back to the queue (another worker, or this one later, does it), the
 * sweep leaves the rest to its next run. Permanent failures are never retried.
 *
 * <p>Counted in {@code headshots.storage.retries{call}} (each pause) and
 * {@code headshots.storage.retries.exhausted{call}} (each give-up); {@code call} is one of a few
 * fixed names written in the code ("write output", "read input", ...), never a key.
 */
public final class StorageRetry {
    private static final Logger LOG = Logger.getLogger(StorageRetry.class);

    /**
     * @param attempts calls in all, the first included (at least 1)
     * @param initialBackoff the cap of the first pause; doubled after each further failure
     * @param maxBackoff the largest cap of a pause
     */
    public record Policy(int attempts, Duration initialBackoff, Duration maxBackoff) {
        public Policy {
            if (attempts < 1) {
                throw new IllegalArgumentException("retry attempts must be at least 1");
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("retry backoff: 0 <= initial <= max, got " + initialBackoff
                        + " and " + maxBackoff);
            }
        }

        /** The cap of the pause after the {@code failures}-th failure (1-based). */
        long capMillis(int failures) {
            long cap = initialBackoff.toMillis();
            for (int i = 1; i < failures && cap < maxBackoff.toMillis(); i++) {
                cap *= 2;
            }
            return Math.min(cap, maxBackoff.toMillis());
        }
    }

    /** Pauses between attempts; tests pass one that records instead of sleeping. */
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final Policy policy;
    private final BooleanSupplier stopping;
    private final MeterRegistry registry;
    private final Pause pause;

    public StorageRetry(Policy policy, BooleanSupplier stopping, MeterRegistry registry) {
        this(policy, stopping, registry, Thread::sleep);
    }

    public StorageRetry(Policy policy, BooleanSupplier stopping, MeterRegistry registry, Pause pause) {
        this.policy = policy;
        this.stopping = stopping;
        this.registry = registry;
        this.pause = pause;
    }

    public Policy policy() {
        return policy;
    }

    public <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (StorageException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                if (stopping.getAsBoolean()) {
                    throw e;
                }
                if (attempt >= policy.attempts()) {
                    counter("headshots.storage.retries.exhausted", what,
                            "S3 calls given up after the retry bound (the task is handed back)").increment();
                    LOG.warnf("%s still failing after %d attempts, giving up: %s", what, attempt, e.getMessage());
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warnf("%s failed transiently, retrying (at most %d attempts): %s", what, policy.attempts(),
                            e.getMessage());
                }
                counter("headshots.storage.retries", what, "S3 calls tried again after a transient failure")
                        .increment();
                sleep(ThreadLocalRandom.current().nextLong(policy.capMillis(attempt) + 1));
            }
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private Counter counter(String name, String call, String description) {
        return Counter.builder(name).description(description).tag("call", call).register(registry);
    }

    private void sleep(long millis) {
        try {
            pause.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry", true, e);
        }
    }
}
