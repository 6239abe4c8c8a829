package io.headshots.retention.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every metric of the service, declared here and nowhere else. Labels are bounded (only the
 * sweep outcome); no job id or key ever becomes a label. The Prometheus names are in the
 * constants' comments and in the README.
 *
 * <p>Deletion counters count deletions issued: when replicas sweep the same objects at once,
 * each counts them.
 */
public class RetentionMetrics {
    /** {@code retention_deleted_objects_total} */
    public static final String OBJECTS_DELETED = "retention.deleted.objects";
    /** {@code retention_deleted_bytes_total}: sizes as the listing reported them. */
    public static final String BYTES_DELETED = "retention.deleted";
    /** {@code retention_deleted_jobs_total}: jobs whose record was deleted. */
    public static final String JOBS_DELETED = "retention.deleted.jobs";
    /** {@code retention_sweep_duration_seconds{outcome="success|failure"}} */
    public static final String SWEEP_DURATION = "retention.sweep.duration";
    /** {@code retention_sweep_failures_total}: sweeps that gave up or left something behind. */
    public static final String SWEEP_FAILURES = "retention.sweep.failures";
    /** {@code retention_sweep_last_success_timestamp_seconds}: 0 until a sweep completes. */
    public static final String LAST_SUCCESS = "retention.sweep.last.success.timestamp";
    /** {@code retention_oldest_object_age_seconds}: NaN until a sweep completes, 0 when no job is left. */
    public static final String OLDEST_AGE = "retention.oldest.object.age";
    /** {@code retention_ttl_seconds}: what the oldest age is compared with. */
    public static final String TTL = "retention.ttl";
    /** {@code retention_lifecycle_rule_installed}: 1 when the bucket's expiry backstop is in place. */
    public static final String LIFECYCLE_RULE = "retention.lifecycle.rule.installed";

    private static final String SECONDS = "seconds";

    private final Clock clock;
    private final Counter objects;
    private final Counter bytes;
    private final Counter jobs;
    private final Timer succeeded;
    private final Timer failed;
    private final Counter failures;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    /** Null until a sweep has looked; empty when it found no live job. */
    private final AtomicReference<Optional<Instant>> oldestLive = new AtomicReference<>();
    private final AtomicInteger lifecycleRule = new AtomicInteger();

    public RetentionMetrics(MeterRegistry registry, Clock clock, Duration ttl) {
        this.clock = clock;
        objects = Counter.builder(OBJECTS_DELETED).description("Objects deleted by retention sweeps")
                .register(registry);
        bytes = Counter.builder(BYTES_DELETED).baseUnit("bytes").description("Bytes deleted by retention sweeps")
                .register(registry);
        jobs = Counter.builder(JOBS_DELETED).description("Jobs deleted by retention sweeps").register(registry);
        succeeded = sweepTimer(registry, "success");
        failed = sweepTimer(registry, "failure");
        failures = Counter.builder(SWEEP_FAILURES)
                .description("Sweeps that gave up or left overdue objects for the next sweep").register(registry);
        Gauge.builder(LAST_SUCCESS, this, m -> m.lastSuccessEpochSeconds()).baseUnit(SECONDS)
                .description("When the last complete sweep finished").strongReference(true).register(registry);
        Gauge.builder(OLDEST_AGE, this, m -> m.oldestAgeSeconds()).baseUnit(SECONDS)
                .description("Age of the oldest job still stored, as of the last sweep and the current time")
                .strongReference(true).register(registry);
        Gauge.builder(TTL, ttl, d -> d.toMillis() / 1000.0).baseUnit(SECONDS)
                .description("How long a job may exist after its creation").strongReference(true).register(registry);
        Gauge.builder(LIFECYCLE_RULE, lifecycleRule, AtomicInteger::get)
                .description("1 when the bucket lifecycle expiry backstop is installed, else 0")
                .strongReference(true).register(registry);
    }

    private static Timer sweepTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(SWEEP_DURATION).description("Duration of retention sweeps").tag("outcome", outcome)
                .register(registry);
    }

    public void deleted(long objectCount, long byteCount, long jobCount) {
        objects.increment(objectCount);
        bytes.increment(byteCount);
        jobs.increment(jobCount);
    }

    public Timer.Sample sweepStarted() {
        return Timer.start();
    }

    /**
     * A sweep that went through every hour; incomplete when the store refused some deletions for
     * good. {@code oldest} is the oldest job it left, failed ones included.
     */
    public void sweepFinished(Timer.Sample sample, boolean complete, Optional<Instant> oldest) {
        oldestLive.set(oldest);
        if (complete) {
            sample.stop(succeeded);
            lastSuccess.set(clock.instant());
        } else {
            sample.stop(failed);
            failures.increment();
        }
    }

    /**
     * A sweep that gave up (the store stayed unreachable). The oldest-age gauge keeps the previous
     * sweep's view, an overestimate at worst, and keeps growing until a sweep gets through.
     */
    public void sweepAborted(Timer.Sample sample) {
        sample.stop(failed);
        failures.increment();
    }

    public void lifecycleRuleInstalled(boolean installed) {
        lifecycleRule.set(installed ? 1 : 0);
    }

    double oldestAgeSeconds() {
        Optional<Instant> oldest = oldestLive.get();
        if (oldest == null) {
            return Double.NaN;
        }
        return oldest.map(o -> Math.max(0, Duration.between(o, clock.instant()).toMillis()) / 1000.0).orElse(0.0);
    }

    double lastSuccessEpochSeconds() {
        Instant at = lastSuccess.get();
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }
}
