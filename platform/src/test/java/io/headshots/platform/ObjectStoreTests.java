package io.headshots.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.S3Config;
import io.headshots.platform.storage.StorageException;
import io.minio.MinioClient;

class ObjectStoreTests {
    private static ObjectStore store;

    @BeforeAll
    static void connect() {
        LocalStack stack = LocalStack.shared();
        store = ObjectStore.connect(config(stack.s3Endpoint(), LocalStack.SECRET_KEY));
        store.ensureBucket();
    }

    @Test
    void deletePrefixRemovesMoreThanOneBatchAndLeavesNeighboursAlone() {
        String jobId = new JobIds(Clock.systemUTC()).next();
        String other = new JobIds(Clock.systemUTC()).next();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            keys.add(StorageKeys.jobPrefix(jobId) + "tasks/t" + i + ".json");
        }
        keys.parallelStream().forEach(k -> store.put(k, "{}".getBytes(StandardCharsets.UTF_8), "application/json"));
        store.put(StorageKeys.jobRecord(other), "{}".getBytes(StandardCharsets.UTF_8), "application/json");

        int deleted = store.deletePrefix(StorageKeys.jobPrefix(jobId));

        assertThat(deleted).isEqualTo(1005);
        assertThat(store.list(StorageKeys.jobPrefix(jobId), true)).isEmpty();
        assertThat(store.exists(StorageKeys.jobRecord(other))).isTrue();
        assertThat(store.deletePrefix(StorageKeys.jobPrefix(jobId))).isZero();
    }

    @Test
    void ofConcurrentConditionalWritesToOneKeyExactlyOneWins() throws Exception {
        String key = "conditional/" + new JobIds(Clock.systemUTC()).next();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] body = ("writer-" + i).getBytes(StandardCharsets.UTF_8);
                writes.add(pool.submit(() -> store.putIfAbsent(key, body, "text/plain")));
            }
            int winners = 0;
            for (var write : writes) {
                winners += write.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.putIfAbsent(key, "late".getBytes(StandardCharsets.UTF_8), "text/plain")).isFalse();
            assertThat(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8)).startsWith("writer-");
        } finally {
            pool.shutdownNow();
            store.delete(List.of(key));
        }
    }

    @Test
    void rangedListingStopsAtTheEndOfTheRange() {
        String prefix = "ranged/" + new JobIds(Clock.systemUTC()).next() + "/";
        for (String name : List.of("a", "b", "c", "d")) {
            store.put(prefix + name, new byte[0], "text/plain");
        }

        assertThat(store.listRange(prefix, prefix + "a", prefix + "d")).containsExactly(prefix + "b", prefix + "c");
        store.deletePrefix(prefix);
    }

    @Test
    void taskResultsRoundTripAndVanishWithTheJob() {
        JobStore jobs = new JobStore(store);
        String jobId = new JobIds(Clock.systemUTC()).next();
        TaskResult result = TaskResult.failed(jobId, "t0", "image", "undecodable_image", "not an image",
                java.time.Instant.parse("2026-11-26T03:00:00Z"));
        jobs.putResult(result);

        assertThat(jobs.result(jobId, "t0")).contains(result);
        assertThat(jobs.results(jobId)).containsExactly(result);

        jobs.deleteJob(jobId);
        assertThat(jobs.result(jobId, "t0")).isEmpty();
    }

    @Test
    void taskStartSaysWhetherTheJobExistsIsCanceledAndHasThisTasksResult() {
        JobStore jobs = new JobStore(store);
        String jobId = new JobIds(Clock.systemUTC()).next();
        assertThat(jobs.taskStart(jobId, "t0")).isEqualTo(new JobStore.TaskStart(false, false, Optional.empty()));

        store.put(StorageKeys.jobRecord(jobId), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(jobs.taskStart(jobId, "t0")).isEqualTo(new JobStore.TaskStart(true, false, Optional.empty()));

        TaskResult other = TaskResult.failed(jobId, "t10", "image", "undecodable_image", "not an image",
                java.time.Instant.parse("2026-11-26T03:00:00Z"));
        jobs.putResult(other);
        jobs.cancelJob(jobId, java.time.Instant.now());
        assertThat(jobs.taskStart(jobId, "t1")).as("another task's result is not this one's")
                .isEqualTo(new JobStore.TaskStart(true, true, Optional.empty()));
        assertThat(jobs.taskStart(jobId, "t10").result()).contains(other);
        jobs.deleteJob(jobId);
    }

    @Test
    void cancelMarkerIsSeenByWorkersAndGoesWithTheJob() {
        JobStore jobs = new JobStore(store);
        String jobId = new JobIds(Clock.systemUTC()).next();
        assertThat(jobs.isCanceled(jobId)).isFalse();

        jobs.cancelJob(jobId, java.time.Instant.now());
        jobs.cancelJob(jobId, java.time.Instant.now());

        assertThat(jobs.isCanceled(jobId)).isTrue();
        jobs.deleteJob(jobId);
        assertThat(jobs.isCanceled(jobId)).isFalse();
    }

    @Test
    void tenantIndexListsOnlyThatTenantsJobsOfTheHourNewestFirst() throws Exception {
        JobStore jobs = new JobStore(store);
        JobIds ids = new JobIds(Clock.systemUTC());
        String tenant = "index-test-" + System.nanoTime();
        String first = ids.next();
        Thread.sleep(2);
        String second = ids.next();
        jobs.indexJob(tenant, first);
        jobs.indexJob(tenant, second);
        jobs.indexJob(tenant + "-other", ids.next());

        assertThat(jobs.tenantJobs(tenant, JobIds.createdAt(second))).containsExactly(second, first);

        jobs.unindexJob(tenant, first);
        assertThat(jobs.tenantJobs(tenant, JobIds.createdAt(second))).containsExactly(second);
    }

    @Test
    void missingObjectIsEmptyNotAnError() {
        assertThat(store.get("jobs/2000010100/none/job.json")).isEmpty();
        assertThat(store.stat("jobs/2000010100/none/job.json")).isEmpty();
    }

    @Test
    void wrongCredentialsAreRefusedForGood() {
        ObjectStore intruder = ObjectStore.connect(config(LocalStack.shared().s3Endpoint(), "wrong-secret"));

        assertThatThrownBy(() -> intruder.get("jobs/x"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    }

    @Test
    void aTaskStartAgainstAnUnreachableStoreFailsWithTheTransientStorageErrorItsRetryExpects() {
        // taskStart makes two of its three reads on other threads: their failure must come out as it was.
        JobStore down = new JobStore(new ObjectStore(MinioClient.builder().endpoint("http://127.0.0.1:9")
                .credentials("a", "b").build(), "headshots"));

        assertThatThrownBy(() -> down.taskStart(new JobIds(Clock.systemUTC()).next(), "t0"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
    }

    @Test
    void unreachableStoreIsTransient() {
        ObjectStore down = new ObjectStore(MinioClient.builder().endpoint("http://127.0.0.1:9")
                .credentials("a", "b").build(), "headshots");

        assertThatThrownBy(() -> down.get("jobs/x"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
    }

    private static S3Config config(String endpoint, String secret) {
        return new S3Config() {
            public String endpoint() { return endpoint; }
            public String region() { return "us-east-1"; }
            public String accessKey() { return LocalStack.ACCESS_KEY; }
            public String secretKey() { return secret; }
            public String bucket() { return LocalStack.BUCKET; }
            public boolean createBucket() { return true; }
        };
    }
}
