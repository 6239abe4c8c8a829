package io.headshots.retention.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long jobs live and how retention is enforced. {@code RETENTION_TTL} and
 * {@code RETENTION_SWEEP_INTERVAL} (ISO-8601 durations) override the first two.
 */
@ConfigMapping(prefix = "retention")
public interface RetentionConfig {
    /**
     * How long after its creation a job's objects may exist; at most 24 hours. A sweep deletes
     * every job that would outlive the TTL before the next sweep is due.
     */
    @WithDefault("PT24H")
    Duration ttl();

    /** Pause between sweeps; shorter than the TTL. */
    @WithDefault("PT1M")
    Duration sweepInterval();

    /** How often the topics' retention is checked again after the check at start-up. */
    @WithDefault("PT1H")
    Duration topicCheckInterval();

    /** The bucket lifecycle rule that expires objects should every sweep fail. */
    Lifecycle lifecycle();

    /** Retries of transient S3 failures within one sweep. */
    Retry retry();

    interface Lifecycle {
        /** Try to install the rule; off where the bucket's lifecycle is managed elsewhere. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Days after creation when the store expires an object under {@code jobs/}. S3 rounds up
         * to the next midnight UTC, so with 1 an object goes between 24 and 48 hours of age.
         */
        @WithDefault("1")
        int expiryDays();
    }

    interface Retry {
        /** Attempts per S3 call before the sweep gives up; the next sweep continues. */
        @WithDefault("5")
        int attempts();

        /** Pause after the first failure; doubled after each further one. */
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        /** Longest pause between attempts. */
        @WithDefault("PT10S")
        Duration maxBackoff();
    }
}
