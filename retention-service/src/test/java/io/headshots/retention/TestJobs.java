package io.headshots.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.ObjectStore;
import io.minio.MinioClient;

/** Jobs as the other services leave them in the bucket: record, upload, outputs, task record. */
final class TestJobs {
    /** Object name under the job prefix, and its size. */
    static final Map<String, Integer> OBJECTS = new LinkedHashMap<>();
    static {
        OBJECTS.put("job.json", 40);
        OBJECTS.put("input/original.jpg", 1000);
        OBJECTS.put("generated/corporate-1.png", 2000);
        OBJECTS.put("upscaled/corporate-1.png", 3000);
        OBJECTS.put("tasks/t1.json", 60);
    }
    static final int OBJECTS_PER_JOB = OBJECTS.size();
    static final long BYTES_PER_JOB = OBJECTS.values().stream().mapToLong(Integer::longValue).sum();

    private TestJobs() {
    }

    /** A new bucket of its own, so that no other sweep (the scheduled one included) touches it. */
    static ObjectStore newBucket(String purpose) {
        String name = "retention-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectStore store = new ObjectStore(client(), name);
        store.ensureBucket();
        return store;
    }

    static MinioClient client() {
        return MinioClient.builder().endpoint(LocalStack.shared().s3Endpoint())
                .credentials(LocalStack.ACCESS_KEY, LocalStack.SECRET_KEY).build();
    }

    /** Writes a job created at the given instant; returns its id. */
    static String put(ObjectStore store, Instant createdAt) {
        String jobId = new JobIds(Clock.fixed(createdAt, ZoneOffset.UTC)).next();
        OBJECTS.forEach((name, size) -> store.put(StorageKeys.jobPrefix(jobId) + name, new byte[size],
                "application/octet-stream"));
        return jobId;
    }

    static List<String> keysOf(ObjectStore store, String jobId) {
        return store.list(StorageKeys.jobPrefix(jobId), true);
    }

    static List<String> allKeys(ObjectStore store) {
        return store.list(StorageKeys.ROOT, true);
    }
}
