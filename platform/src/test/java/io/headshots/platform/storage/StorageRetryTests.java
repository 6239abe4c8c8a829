package io.headshots.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class StorageRetryTests {
    private static final StorageRetry.Policy POLICY = new StorageRetry.Policy(5, Duration.ofMillis(100),
            Duration.ofMillis(400));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Long> pauses = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final StorageRetry retry = new StorageRetry(POLICY, stopping::get, registry, pauses::add);

    @Test
    void aTransientFailureIsRetriedUntilTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String value = retry.call("read input", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new StorageException("503 slow down", true, null);
            }
            return "bytes";
        });

        assertThat(value).isEqualTo("bytes");
        assertThat(calls).hasValue(3);
        assertThat(pauses).hasSize(2);
        assertThat(registry.get("headshots.storage.retries").tag("call", "read input").counter().count())
                .isEqualTo(2);
    }

    @Test
    void pausesAreFullJitterUnderADoublingCap() {
        // Many give-ups of 5 attempts: the k-th pause lies in [0, min(400, 100 * 2^(k-1))] and the
        // pauses are spread out (full jitter), not the cap each time, so workers do not retry in step.
        List<List<Long>> runs = new ArrayList<>();
        for (int run = 0; run < 200; run++) {
            pauses.clear();
            assertThatThrownBy(() -> retry.run("write output", () -> {
                throw new StorageException("connection refused", true, null);
            })).isInstanceOf(StorageException.class);
            runs.add(List.copyOf(pauses));
        }

        long[] caps = {100, 200, 400, 400};
        for (List<Long> run : runs) {
            assertThat(run).hasSize(4);
            for (int k = 0; k < 4; k++) {
                assertThat(run.get(k)).isBetween(0L, caps[k]);
            }
        }
        var firstPauses = new HashSet<Long>();
        runs.forEach(run -> firstPauses.add(run.get(0)));
        assertThat(firstPauses).as("distinct first pauses over 200 runs").hasSizeGreaterThan(20);
        double meanLast = runs.stream().mapToLong(run -> run.get(3)).average().orElseThrow();
        assertThat(meanLast).as("mean of a uniform [0, 400] pause").isBetween(120.0, 280.0);
    }

    @Test
    void pastTheBoundTheTransientFailureIsThrownAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        StorageException outage = new StorageException("connection refused", true, null);

        assertThatThrownBy(() -> retry.run("write result", () -> {
            calls.incrementAndGet();
            throw outage;
        })).isSameAs(outage);

        assertThat(calls).hasValue(POLICY.attempts());
        assertThat(registry.get("headshots.storage.retries.exhausted").tag("call", "write result").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aPermanentFailureIsNeverRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("write output", () -> {
            calls.incrementAndGet();
            throw new StorageException("access denied", false, null);
        })).isInstanceOf(StorageException.class);

        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aStoppingServiceGivesUpAtOnceSoTheTaskIsHandedBack() {
        stopping.set(true);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("write output", () -> {
            calls.incrementAndGet();
            throw new StorageException("connection refused", true, null);
        })).isInstanceOf(StorageException.class);

        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPolicyWithoutAttemptsOrWithAnInvertedBackoffIsRefused() {
        assertThatThrownBy(() -> new StorageRetry.Policy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StorageRetry.Policy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
