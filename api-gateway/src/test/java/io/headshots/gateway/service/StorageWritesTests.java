package io.headshots.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import io.headshots.gateway.logging.JobLogContext;
import io.headshots.platform.storage.StorageException;

class StorageWritesTests {
    private final StorageWrites writes = new StorageWrites();

    @Test
    void settleWaitsForTheJobsWriteStillInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean written = new AtomicBoolean();
        writes.after("job-a", () -> {
            await(release);
            written.set(true);
        });

        Thread releaser = new Thread(() -> {
            sleep(300);
            release.countDown();
        });
        releaser.start();
        writes.settle("job-a");

        assertThat(written).as("the marker landed before settle returned").isTrue();
    }

    @Test
    void settleOfAJobWithNothingInFlightReturnsAtOnce() {
        long start = System.nanoTime();
        writes.settle("job-without-writes");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(100);
    }

    @Test
    void aWriteBesideTheCallerCarriesTheJobIdAndReportsItsOwnFailure() {
        MDC.put(JobLogContext.JOB_ID, "job-b");
        try {
            Object[] seen = new Object[1];
            StorageWrites.join(writes.beside(() -> seen[0] = MDC.get(JobLogContext.JOB_ID)));
            assertThat(seen[0]).isEqualTo("job-b");

            assertThatThrownBy(() -> StorageWrites.join(writes.beside(() -> {
                throw new StorageException("put failed: IOException", true, null);
            }))).isInstanceOf(StorageException.class).hasMessageContaining("put failed");
        } finally {
            MDC.remove(JobLogContext.JOB_ID);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
