package io.headshots.retention;

import static io.headshots.retention.TestJobs.BYTES_PER_JOB;
import static io.headshots.retention.TestJobs.OBJECTS_PER_JOB;
import static io.headshots.retention.TestJobs.allKeys;
import static io.headshots.retention.TestJobs.keysOf;
import static io.headshots.retention.TestJobs.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.StorageException;
import io.headshots.platform.storage.StorageRetry;
import io.headshots.platform.testing.CapturedLogs;
import io.headshots.retention.metrics.RetentionMetrics;
import io.headshots.retention.sweep.RetentionPolicy;
import io.headshots.retention.sweep.RetentionSweep;
import io.headshots.retention.sweep.SweepReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sweeps against the real S3 server, each test on a bucket of its own, with the service's TTL
 * (30 s, from RETENTION_TTL) and its injected clock moved by the test.
 */
@QuarkusTest
@QuarkusTestResource(value = RetentionTestResources.class, restrictToAnnotatedClass = false)
class RetentionSweepTests {
    private static final Instant NOW = Instant.parse("2030-01-01T10:30:00Z");

    @Inject
    MovableClock clock;

    @Inject
    RetentionPolicy policy;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private RetentionMetrics metrics;

    @Test
    void deletesEveryObjectOfJobsPastTheTtlAndKeepsFreshJobs() {
        ObjectStore store = TestJobs.newBucket("expiry");
        clock.setTo(NOW);
        String hoursOld = put(store, NOW.minus(Duration.ofHours(3)));
        String minuteOld = put(store, NOW.minusSeconds(60));
        String fresh = put(store, NOW.minusSeconds(10));

        SweepReport report = sweep(store).sweep();

        assertThat(keysOf(store, hoursOld)).isEmpty();
        assertThat(keysOf(store, minuteOld)).isEmpty();
        assertThat(keysOf(store, fresh)).hasSize(OBJECTS_PER_JOB);
        assertThat(report.complete()).isTrue();
        assertThat(report.jobsDeleted()).isEqualTo(2);
        assertThat(report.objectsDeleted()).isEqualTo(2L * OBJECTS_PER_JOB);
        assertThat(report.bytesDeleted()).isEqualTo(2 * BYTES_PER_JOB);
        assertThat(report.oldestLive()).contains(JobIds.createdAt(fresh));
        assertThat(counter(RetentionMetrics.JOBS_DELETED)).isEqualTo(2);
        assertThat(counter(RetentionMetrics.BYTES_DELETED)).isEqualTo(2.0 * BYTES_PER_JOB);
        assertThat(registry.get(RetentionMetrics.OLDEST_AGE).gauge().value()).isEqualTo(10.0);
    }

    @Test
    void idempotencyKeyEntriesGoOnceTheirWriteIsPastTheTtl() {
        ObjectStore store = TestJobs.newBucket("idempotency");
        Instant written = Instant.now(); // the S3 server stamps the write with its own clock
        String entry = StorageKeys.idempotencyEntry("tenant-a", "0".repeat(64));
        store.put(entry, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");

        clock.setTo(written.plusSeconds(5)); // the TTL here is 30 s
        SweepReport early = sweep(store).sweep();
        assertThat(store.exists(entry)).as("a fresh entry is kept").isTrue();
        assertThat(early.objectsDeleted()).isZero();

        clock.setTo(written.plus(policy.ttl()).plusSeconds(5));
        SweepReport due = sweep(store).sweep();
        assertThat(store.exists(entry)).as("an entry past the TTL is deleted").isFalse();
        assertThat(due.objectsDeleted()).isEqualTo(1);
    }

    @Test
    void inTheHourTheHorizonFallsInEachJobIsDecidedByTheTimeInItsId() {
        ObjectStore store = TestJobs.newBucket("boundary");
        clock.setTo(NOW);
        Instant horizon = policy.deleteCreatedBefore(NOW);
        String justDue = put(store, horizon.minusMillis(1));
        String justNotDue = put(store, horizon);
        assertThat(StorageKeys.jobPrefix(justDue)).startsWith(StorageKeys.hourPrefix(NOW));
        assertThat(StorageKeys.jobPrefix(justNotDue)).startsWith(StorageKeys.hourPrefix(NOW));

        sweep(store).sweep();

        assertThat(keysOf(store, justDue)).isEmpty();
        assertThat(keysOf(store, justNotDue)).hasSize(OBJECTS_PER_JOB);

        clock.advance(Duration.ofMillis(1));
        sweep(store).sweep();

        assertThat(keysOf(store, justNotDue)).isEmpty();
    }

    @Test
    void theLineAboutAJobTheStoreRefusedToDeleteCarriesItsIdAsAFieldAndTheNextJobsDoNot() {
        ObjectStore store = TestJobs.newBucket("refused");
        clock.setTo(NOW);
        Instant horizon = policy.deleteCreatedBefore(NOW);
        // Both in the boundary hour, so each is decided, and deleted, on its own.
        String refused = put(store, horizon.minusMillis(2));
        String deleted = put(store, horizon.minusMillis(1));
        ObjectStore refusesOneJob = new ObjectStore(TestJobs.client(), store.bucket()) {
            @Override
            public int delete(List<String> keys) {
                if (keys.stream().anyMatch(k -> k.startsWith(StorageKeys.jobPrefix(refused)))) {
                    throw new StorageException("delete refused: AccessDenied", false, null);
                }
                return super.delete(keys);
            }
        };

        try (CapturedLogs logs = CapturedLogs.install()) {
            SweepReport report = sweep(refusesOneJob).sweep();

            assertThat(report.complete()).isFalse();
            assertThat(keysOf(store, deleted)).isEmpty();
            assertThat(logs.records()).filteredOn(l -> l.text().contains("could not delete a job"))
                    .singleElement().satisfies(l -> assertThat(l.fields())
                            .containsEntry(RetentionSweep.JOB_ID, refused));
            assertThat(logs.records()).filteredOn(l -> l.fields().containsKey(RetentionSweep.JOB_ID))
                    .allSatisfy(l -> assertThat(l.fields()).containsEntry(RetentionSweep.JOB_ID, refused));
            assertThat(logs.text()).doesNotContain(refused).doesNotContain(deleted);
        }
        assertThat(org.jboss.logging.MDC.get(RetentionSweep.JOB_ID)).as("left behind on the sweeping thread").isNull();
    }

    @Test
    void entriesThatAreNotJobsStayUntilTheirWholeHourIsPastTheTtl() {
        ObjectStore store = TestJobs.newBucket("strays");
        clock.setTo(NOW);
        String stray = StorageKeys.hourPrefix(NOW) + "not-a-job/leftover.bin";
        store.put(stray, new byte[7], "application/octet-stream");
        String due = put(store, NOW.minusSeconds(60));

        sweep(store).sweep();

        assertThat(keysOf(store, due)).isEmpty();
        assertThat(store.exists(stray)).isTrue();

        clock.setTo(NOW.plus(Duration.ofHours(1)));
        SweepReport report = sweep(store).sweep();

        assertThat(allKeys(store)).isEmpty();
        assertThat(report.bytesDeleted()).isEqualTo(7);
    }

    @Test
    void tenantIndexEntriesOfDueJobsGoWithTheirJobsNotAnHourLater() {
        ObjectStore store = TestJobs.newBucket("index");
        JobStore jobs = new JobStore(store);
        clock.setTo(NOW);
        String due = put(store, NOW.minusSeconds(60));
        String live = put(store, NOW.minusSeconds(10));
        jobs.indexJob("tenant-a", due);
        jobs.indexJob("tenant-a", live);
        jobs.indexJob("tenant-b", due);
        assertThat(StorageKeys.tenantEntry("tenant-a", due)).startsWith(StorageKeys.hourPrefix(NOW));

        SweepReport report = sweep(store).sweep();

        assertThat(keysOf(store, due)).isEmpty();
        assertThat(store.exists(StorageKeys.tenantEntry("tenant-a", due))).isFalse();
        assertThat(store.exists(StorageKeys.tenantEntry("tenant-b", due))).isFalse();
        assertThat(jobs.tenantJobs("tenant-a", NOW)).containsExactly(live);
        assertThat(keysOf(store, live)).hasSize(OBJECTS_PER_JOB);
        assertThat(report.complete()).isTrue();
        assertThat(report.objectsDeleted()).isEqualTo(OBJECTS_PER_JOB + 2L);
        assertThat(report.oldestLive()).contains(JobIds.createdAt(live));
    }

    @Test
    void firstSweepAfterDowntimeDeletesEverythingOverdueAtOnce() {
        ObjectStore store = TestJobs.newBucket("catchup");
        Instant downSince = NOW;
        clock.setTo(downSince);
        List<String> overdue = IntStream.range(0, 30).parallel()
                .mapToObj(h -> List.of(put(store, downSince.minus(Duration.ofHours(h)).minusSeconds(5)),
                        put(store, downSince.minus(Duration.ofHours(h)).minusSeconds(1800))))
                .flatMap(List::stream).toList();

        clock.advance(Duration.ofHours(30));
        String fresh = put(store, clock.instant().minusSeconds(5));
        SweepReport report = sweep(store).sweep();

        assertThat(report.jobsDeleted()).isEqualTo(overdue.size());
        assertThat(report.objectsDeleted()).isEqualTo((long) overdue.size() * OBJECTS_PER_JOB);
        assertThat(allKeys(store)).containsExactlyInAnyOrderElementsOf(keysOf(store, fresh)).hasSize(OBJECTS_PER_JOB);
    }

    @Test
    void twoSweepsRunningAtOnceDeleteEverythingDueWithoutErrors() throws Exception {
        ObjectStore store = TestJobs.newBucket("concurrent");
        clock.setTo(NOW);
        List<String> due = IntStream.range(0, 24).parallel()
                .mapToObj(i -> put(store, NOW.minus(Duration.ofMinutes(45L * i + 1)))).toList();
        String fresh = put(store, NOW.minusSeconds(5));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<SweepReport>> sweeps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                // Each its own client, as two replicas would have.
                RetentionSweep sweep = sweep(new ObjectStore(TestJobs.client(), store.bucket()));
                sweeps.add(threads.submit(() -> {
                    start.await();
                    return sweep.sweep();
                }));
            }
            for (Future<SweepReport> sweep : sweeps) {
                assertThat(sweep.get(120, TimeUnit.SECONDS).complete()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(due).allSatisfy(jobId -> assertThat(keysOf(store, jobId)).isEmpty());
        assertThat(allKeys(store)).hasSize(OBJECTS_PER_JOB).allMatch(k -> k.startsWith(StorageKeys.jobPrefix(fresh)));
    }

    @Test
    void transientStoreFailuresMidSweepAreRetriedAndNothingIsSkipped() {
        ObjectStore store = TestJobs.newBucket("flaky");
        clock.setTo(NOW);
        List<String> due = IntStream.range(0, 8)
                .mapToObj(i -> put(store, NOW.minus(Duration.ofMinutes(40L * i + 1)))).toList();
        String fresh = put(store, NOW.minusSeconds(5));
        AtomicInteger deletes = new AtomicInteger();
        ObjectStore flaky = new ObjectStore(TestJobs.client(), store.bucket()) {
            @Override
            public int delete(List<String> keys) {
                // Every third call fails: the retry of a call, or of a job's two deletes, gets through.
                if (deletes.incrementAndGet() % 3 == 2) {
                    throw new StorageException("delete refused: SlowDown", true, null);
                }
                return super.delete(keys);
            }
        };

        SweepReport report = sweep(flaky).sweep();

        assertThat(report.complete()).isTrue();
        assertThat(report.jobsDeleted()).isEqualTo(due.size());
        assertThat(due).allSatisfy(jobId -> assertThat(keysOf(store, jobId)).isEmpty());
        assertThat(keysOf(store, fresh)).hasSize(OBJECTS_PER_JOB);
        assertThat(deletes.get()).isGreaterThan(due.size());
        assertThat(counter(RetentionMetrics.SWEEP_FAILURES)).isZero();
    }

    @Test
    void anS3OutageMidSweepEndsThatSweepAndTheNextDeletesWhatWasLeft() {
        ObjectStore store = TestJobs.newBucket("outage");
        clock.setTo(NOW);
        List<String> due = IntStream.range(2, 6).mapToObj(h -> put(store, NOW.minus(Duration.ofHours(h)))).toList();
        AtomicBoolean outage = new AtomicBoolean();
        ObjectStore failsAfterFirstDelete = new ObjectStore(TestJobs.client(), store.bucket()) {
            @Override
            public int delete(List<String> keys) {
                int deleted = super.delete(keys);
                if (outage.compareAndSet(false, true)) {
                    LocalStack.shared().stopS3();
                }
                return deleted;
            }
        };
        RetentionSweep interrupted = sweep(failsAfterFirstDelete);
        try {
            assertThatThrownBy(interrupted::sweep).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.isTransient()).isTrue());
        } finally {
            LocalStack.shared().startS3();
        }
        assertThat(outage).isTrue();
        assertThat(counter(RetentionMetrics.SWEEP_FAILURES)).isEqualTo(1);
        // The oldest hour lost its record before the outage; the rest of it and the others remain.
        assertThat(keysOf(store, due.get(3))).hasSize(OBJECTS_PER_JOB - 1)
                .doesNotContain(StorageKeys.jobRecord(due.get(3)));
        assertThat(keysOf(store, due.get(0))).hasSize(OBJECTS_PER_JOB);

        SweepReport next = sweep(store).sweep();

        assertThat(next.complete()).isTrue();
        assertThat(allKeys(store)).isEmpty();
        assertThat(next.oldestLive()).isEmpty();
        assertThat(registry.get(RetentionMetrics.OLDEST_AGE).gauge().value()).isZero();
    }

    private RetentionSweep sweep(ObjectStore store) {
        RetentionMetrics metrics = metricsOnce();
        return new RetentionSweep(new JobStore(store), clock, policy,
                new StorageRetry(new StorageRetry.Policy(3, Duration.ofMillis(20), Duration.ofMillis(100)), () -> false,
                        registry), metrics);
    }

    /** One set of meters per test, shared by the sweeps of the test (registering twice would clash). */
    private RetentionMetrics metricsOnce() {
        if (metrics == null) {
            metrics = new RetentionMetrics(registry, clock, policy.ttl());
        }
        return metrics;
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }
}
