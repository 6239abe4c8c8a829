package io.headshots.retention;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.headshots.platform.storage.JobStore;
import io.headshots.retention.config.RetentionConfig;
import io.headshots.retention.metrics.RetentionMetrics;
import io.headshots.retention.sweep.RetentionPolicy;
import io.headshots.retention.sweep.RetentionSweep;
import io.headshots.platform.storage.StorageRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** The service's objects, built from {@link RetentionConfig}. */
@ApplicationScoped
public class RetentionProducer {

    /** The time every retention decision is made against; tests replace it to move time. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Built at start-up so that a TTL over 24 h or an interval longer than the TTL stops the service. */
    @Produces
    @Singleton
    @Startup
    RetentionPolicy policy(RetentionConfig config) {
        return new RetentionPolicy(config.ttl(), config.sweepInterval());
    }

    @Produces
    @Singleton
    RetentionMetrics metrics(MeterRegistry registry, Clock clock, RetentionPolicy policy) {
        return new RetentionMetrics(registry, clock, policy.ttl());
    }

    @Produces
    @Singleton
    StorageRetry retry(RetentionConfig config, MeterRegistry registry) {
        // Never "stopping": a sweep that gives up leaves the rest to the next sweep.
        return new StorageRetry(new StorageRetry.Policy(config.retry().attempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff()), () -> false, registry);
    }

    @Produces
    @Singleton
    RetentionSweep sweep(JobStore jobs, Clock clock, RetentionPolicy policy, StorageRetry retry,
            RetentionMetrics metrics) {
        return new RetentionSweep(jobs, clock, policy, retry, metrics);
    }
}
