package io.headshots.platform.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the S3-compatible store is. Environment variables {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY},
 * {@code S3_SECRET_KEY}, {@code S3_BUCKET} override the local defaults (those of {@code ./dev up}).
 */
@ConfigMapping(prefix = "s3")
public interface S3Config {
    /** Endpoint URL, e.g. {@code http://127.0.0.1:9000}. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /** Region sent in signatures; MinIO and S3Proxy accept any. */
    @WithDefault("us-east-1")
    String region();

    @WithDefault("local-access-key")
    String accessKey();

    @WithDefault("local-secret-key")
    String secretKey();

    /** The single bucket that holds every job (see docs/architecture.md for the key layout). */
    @WithDefault("headshots")
    String bucket();

    /** Create the bucket at start-up when it is missing (local stacks; production provisions it). */
    @WithDefault("true")
    boolean createBucket();
}
