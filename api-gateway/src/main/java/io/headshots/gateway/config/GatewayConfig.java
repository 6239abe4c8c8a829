package io.headshots.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.headshots.contracts.Tier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the gateway decides on its own: tenants, upload limits, job views and timeouts. The
 * defaults suit a local stack ({@code ./dev up}); Kafka and S3 are configured by {@code kafka.*}
 * and {@code s3.*}.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * API tenants by id. Each holds the SHA-256 of its key (never the key), its tier and its quotas.
     * The local defaults are {@code demo-free} ({@code dev-free-key}) and {@code demo-premium}
     * ({@code dev-premium-key}).
     */
    Map<String, Tenant> tenants();

    /**
     * Limits every upload is checked against before anything decodes it. The pixel limits are not
     * configurable: they are contracts {@code SizeLimits}, shared with the workers.
     */
    Upload upload();

    /** Job views: their lifetime and the in-memory cache that serves status reads. */
    Jobs jobs();

    /** Broker interaction. */
    Kafka kafka();

    /** Per-tenant defaults that a tenant entry may override. */
    Quotas quotas();

    /** Authentication. */
    Auth auth();

    /** What {@code GET /v1/catalogue} offers. */
    Catalogue catalogue();

    interface Catalogue {
        /**
         * The generator engine the fleet runs ({@code generator.engine}: {@code default},
         * {@code diffusion}), whose description of each style the catalogue shows. Read from the
         * generator's own {@code GENERATOR_ENGINE} where the gateway's environment has it, so one
         * setting drives both.
         */
        @WithDefault("default")
        String engine();
    }

    interface Auth {
        /** Refused API keys a minute one client address may send before it gets 429 for a while. */
        @WithDefault("30")
        int failuresPerMinute();
    }

    /** One tenant: who owns jobs, which tier applies. */
    interface Tenant {
        /** Lower-case hex SHA-256 of the tenant's API key ({@code printf %s KEY | sha256sum}). */
        String keySha256();

        /** {@code free} or {@code premium}: what the tenant may ask for. */
        @WithDefault("free")
        Tier tier();

        /** Requests a minute the tenant may make; the global default when absent. */
        Optional<Integer> ratePerMinute();

        /** Jobs of the tenant that may be queued or running at once; the global default when absent. */
        Optional<Integer> maxConcurrentJobs();
    }

    interface Upload {
        /** Largest accepted image file in bytes (20 MiB); {@code quarkus.http.limits.max-body-size} must exceed it. */
        @WithDefault("20971520")
        long maxBytes();

        /** Longest side of an explicit target size ({@code width}/{@code height}). */
        @WithDefault("16384")
        int maxTargetSide();

        /** How often the uploads directory is swept of files no request owns any more. */
        @WithDefault("PT10M")
        Duration leftoverSweepInterval();

        /** Age past which an upload file is a leftover: far longer than any request can last. */
        @WithDefault("PT1H")
        Duration leftoverMaxAge();
    }

    interface Jobs {
        /** How long a job lives after creation; {@code expiresAt = createdAt + ttl}. */
        @WithDefault("PT24H")
        Duration ttl();

        /** Most job views kept in memory; the least recently used is dropped, and re-read from S3 when asked for. */
        @WithDefault("10000")
        int cacheSize();

        /**
         * A cached view of an unfinished job that has heard no event for this long is re-read from S3
         * on the next read, so a missed event (broker outage, rebalance) cannot freeze a job.
         */
        @WithDefault("PT30S")
        Duration staleAfter();

        /** Retry-After, in seconds, sent with a 503 when S3 or the broker is unavailable. */
        @WithDefault("5")
        int retryAfterSeconds();

        /**
         * A stored job not marked queued this long after its creation lost its gateway between storing
         * its record and publishing its tasks; {@code StrandedJobs} publishes them.
         */
        @WithDefault("PT1M")
        Duration strandedAfter();

        /** How often the gateway looks for stranded jobs (only those that came of age since its last look). */
        @WithDefault("PT30S")
        Duration strandedCheckInterval();

        /** How far back a gateway's first look reaches: jobs stranded while no gateway ran. */
        @WithDefault("PT2H")
        Duration strandedLookback();
    }

    interface Kafka {
        /** How long a submission waits for the broker to acknowledge its task before answering 503. */
        @WithDefault("PT15S")
        Duration sendTimeout();
    }

    interface Quotas {
        /** Requests a minute per tenant, unless the tenant sets {@code rate-per-minute}. */
        @WithDefault("120")
        int ratePerMinute();

        /** Unfinished jobs per tenant, unless the tenant sets {@code max-concurrent-jobs}. */
        @WithDefault("10")
        int maxConcurrentJobs();
    }
}
