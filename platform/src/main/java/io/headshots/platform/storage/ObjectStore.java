package io.headshots.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketLifecycleArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.errors.ServerException;
import io.minio.http.HttpUtils;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Expiration;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import okhttp3.CertificatePinner;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The bucket, through the MinIO SDK. Every method maps SDK failures to {@link StorageException},
 * flagged transient for outages and overload so callers can retry those and nothing else.
 */
public class ObjectStore {
    /** S3 DeleteObjects takes at most 1000 keys a request. */
    static final int DELETE_BATCH = 1000;
    /** S3 requests one service runs at once (OkHttp's default is 5 a host). */
    static final int MAX_REQUESTS = 64;
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout");

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** The system property that sizes the JDK's common pool, where MinIO runs its async steps. */
    public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final AtomicBoolean POOL_CHECKED = new AtomicBoolean();

    public static ObjectStore connect(S3Config config) {
        if (POOL_CHECKED.compareAndSet(false, true)) {
            asyncPoolWarning(ForkJoinPool.getCommonPoolParallelism())
                    .ifPresent(warning -> Logger.getLogger(ObjectStore.class).warn(warning));
        }
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(httpClient())
                .build();
        return new ObjectStore(client, config.bucket());
    }

    /**
     * MinIO runs the steps of every request with {@code CompletableFuture.supplyAsync} and no executor,
     * that is on the common pool; when that pool's parallelism is below 2 (the JDK's default on 2 CPUs
     * or fewer: a small container, this project's 2-core machine) the JDK starts a new thread for every
     * such step instead. Measured with bench/submission-bench.sh: 2-3x fewer small PUTs a second, and
     * 1.2-1.7x fewer gateway submissions. The launchers (./dev, the images, the benchmarks and system
     * tests) set the pool's parallelism; this says when a JVM was started without it.
     *
     * @return the warning to log, or empty when the pool has at least 2 threads
     */
    public static Optional<String> asyncPoolWarning(int commonPoolParallelism) {
        if (commonPoolParallelism >= 2) {
            return Optional.empty();
        }
        return Optional.of("the common pool has parallelism " + commonPoolParallelism + ", so the S3 client starts a "
                + "thread for every step of every request; start this JVM with -D" + COMMON_POOL_PARALLELISM + "=4");
    }

    /**
     * MinIO's own default client (5 min timeouts, HTTP/1.1, {@code SSL_CERT_FILE} honoured), made so that
     * the client MinIO derives from it for every streamed PUT ({@code newBuilder()
     * .retryOnConnectionFailure(false).build()}) costs nothing to build. Building compares the
     * certificate pinner's chain cleaner with the client's: the same object is an identity check, an
     * equal but distinct one a walk over the whole trust store (a fifth of a gateway's CPU under
     * submissions, JFR with bench/submission-bench.sh). Setting the TLS factory explicitly and the
     * pinner back to its default makes the two the same object here and in every derived client.
     * Its sockets have Nagle's algorithm off ({@link NoDelaySockets}: a PUT of 8-20 KB waited 40 ms),
     * and its pool keeps as many idle connections as requests may run at once: OkHttp's default keeps 5
     * and closes the rest as they fall idle, so a service running more than 5 requests at once (a
     * gateway under submissions runs 10-30) opened a new connection for most of them.
     */
    static OkHttpClient httpClient() {
        long timeout = TimeUnit.MINUTES.toMillis(5);
        OkHttpClient defaults = HttpUtils.newDefaultHttpClient(timeout, timeout, timeout);
        // OkHttp lets 5 requests a host run at once and queues the rest; every S3 request of a service
        // goes to one host, and a gateway makes two at once per submission.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        return defaults.newBuilder().sslSocketFactory(defaults.sslSocketFactory(), defaults.x509TrustManager())
                .certificatePinner(CertificatePinner.DEFAULT)
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_REQUESTS, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySockets()) // TLS wraps these sockets, so it covers https too
                .build();
    }

    public String bucket() {
        return bucket;
    }

    public void ensureBucket() {
        call("ensure bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    public void put(String key, byte[] bytes, String contentType) {
        call("put", () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType).build()));
    }

    /**
     * Writes the object only if no object has the key (S3 conditional write, {@code If-None-Match: *}):
     * of several writers racing for one key, exactly one wins, whichever replica it runs on.
     *
     * @return true when this call created the object, false when one was already there
     */
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        return call("put", () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1)
                        .headers(Map.of("If-None-Match", "*"))
                        .contentType(contentType).build());
                return true;
            } catch (ErrorResponseException e) {
                if ("PreconditionFailed".equals(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Streams an object of known size; memory stays bounded whatever the size. */
    public void put(String key, InputStream in, long size, String contentType) {
        call("put", () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(in, size, size < 0 ? 10L * 1024 * 1024 : -1)
                .contentType(contentType).build()));
    }

    public Optional<byte[]> get(String key) {
        return call("get", () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Size and content type of an object, or empty when it does not exist. */
    public Optional<ObjectInfo> stat(String key) {
        return call("stat", () -> {
            try {
                StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return Optional.of(new ObjectInfo(key, s.size(), s.contentType()));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** An open stream of the object; the caller closes it. Empty when it does not exist. */
    public Optional<InputStream> open(String key) {
        return call("open", () -> {
            try {
                return Optional.<InputStream>of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Keys under a prefix; {@code recursive=false} lists one level, with "folders" ending in '/'. */
    public List<String> list(String prefix, boolean recursive) {
        return call("list", () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive).build())) {
                keys.add(r.get().objectName());
            }
            return keys;
        });
    }

    /**
     * Keys under a prefix (recursively) that sort after {@code startAfter} and before
     * {@code endBefore}, in key order. The listing starts at {@code startAfter} on the server and stops
     * at {@code endBefore}, so a narrow range of a large prefix costs a page or two, not the prefix.
     */
    public List<String> listRange(String prefix, String startAfter, String endBefore) {
        return call("list", () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .startAfter(startAfter).recursive(true).build())) {
                String key = r.get().objectName();
                if (key.compareTo(endBefore) >= 0) {
                    break;
                }
                keys.add(key);
            }
            return keys;
        });
    }

    /**
     * Every object under a prefix (recursively) with its size as the listing reports it; the
     * content type is not part of a listing and is null. Lets a caller account for what it deletes
     * without a request per object.
     */
    public List<ObjectInfo> listObjects(String prefix) {
        return call("list", () -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = r.get();
                objects.add(new ObjectInfo(item.objectName(), item.size(), null));
            }
            return objects;
        });
    }

    /**
     * Sets the bucket's lifecycle configuration to one rule that expires objects under the prefix
     * {@code days} after their creation. It replaces any other rule of the bucket. A store without
     * lifecycle support refuses it (a non-transient {@link StorageException}).
     */
    public void expireAfterDays(String ruleId, String prefix, int days) {
        LifecycleRule rule = new LifecycleRule(Status.ENABLED, null,
                new Expiration((java.time.ZonedDateTime) null, days, null), new RuleFilter(prefix), ruleId,
                null, null, null);
        call("set lifecycle", () -> {
            client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(List.of(rule))).build());
            return null;
        });
    }

    /** Deletes the keys in batches; deleting a missing key is not an error (idempotent). */
    public int delete(List<String> keys) {
        int deleted = 0;
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<DeleteObject> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(DeleteObject::new).toList();
            deleted += call("delete", () -> {
                int failed = 0;
                StringBuilder reasons = new StringBuilder();
                // The SDK sends the request lazily, while the results are iterated.
                for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket)
                        .objects(batch).build())) {
                    DeleteError error = r.get();
                    if (!NOT_FOUND.contains(error.code())) {
                        failed++;
                        reasons.append(error.code()).append(' ');
                    }
                }
                if (failed > 0) {
                    throw new StorageException("delete failed for " + failed + " objects: " + reasons, true, null);
                }
                return batch.size();
            });
        }
        return deleted;
    }

    /** Deletes everything under the prefix; returns how many objects were deleted. */
    public int deletePrefix(String prefix) {
        return delete(list(prefix, true));
    }

    @FunctionalInterface
    interface S3Call<T> {
        T run() throws Exception;
    }

    static <T> T call(String what, S3Call<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            throw new StorageException(what + " refused: " + code, TRANSIENT_CODES.contains(code), e);
        } catch (ServerException | InsufficientDataException | IOException e) {
            throw new StorageException(what + " failed: " + e.getClass().getSimpleName(), true, e);
        } catch (InternalException e) {
            throw new StorageException(what + " failed: " + e.getMessage(), false, e);
        } catch (Exception e) {
            throw new StorageException(what + " failed: " + e.getClass().getSimpleName(), false, e);
        }
    }

    /** Every object under a prefix (recursively) with its last-modified time, from the listing alone. */
    public List<Stamped> listStamped(String prefix) {
        return call("list", () -> {
            List<Stamped> objects = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = r.get();
                objects.add(new Stamped(item.objectName(), item.lastModified().toInstant()));
            }
            return objects;
        });
    }

    /** A key and when its object was last written. */
    public record Stamped(String key, Instant lastModified) {
    }

    public record ObjectInfo(String key, long size, String contentType) {
    }
}
