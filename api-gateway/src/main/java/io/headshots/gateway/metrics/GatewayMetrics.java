package io.headshots.gateway.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.headshots.contracts.JobKind;
import io.headshots.contracts.Tier;
import io.headshots.gateway.validation.ImageRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Every metric the gateway records, in one place. Tags are bounded: job kind, tier, problem code
 * and terminal status. Never a job id, tenant id or key.
 *
 * <p>Every series a dashboard or alert names exists from start-up, at zero: a rate over a series
 * that appears with its first event misses that event, and an alert on a missing series never fires.
 */
@ApplicationScoped
public class GatewayMetrics {
    /** Jobs accepted, by {@code kind} and {@code tier}; Prometheus: {@code gateway_jobs_submitted_total}. */
    public static final String JOBS_SUBMITTED = "gateway.jobs.submitted";
    /** Requests refused, by problem {@code code}; Prometheus: {@code gateway_rejections_total}. */
    public static final String REJECTIONS = "gateway.rejections";
    /** Job events that could not be decoded and were skipped; Prometheus: {@code gateway_events_skipped_total}. */
    public static final String EVENTS_SKIPPED = "gateway.events.skipped";

    /**
     * The problem codes the gateway answers with, each exported at zero from start-up. A code not listed
     * here is still counted, from its first answer on.
     */
    public static final List<String> KNOWN_REJECTION_CODES = Stream.concat(Stream.of(
            // authentication and quotas
            "missing_api_key", "invalid_api_key", "too_many_failed_authentications", "rate_limited",
            "too_many_active_jobs", "tier_limit_exceeded",
            // request checks
            "bad_request", "invalid_count", "invalid_cursor", "invalid_idempotency_key", "invalid_limit",
            "invalid_output_format", "invalid_scale", "invalid_target_size", "invalid_webhook", "conflicting_size",
            "output_too_large", "too_many_headshots", "unknown_model", "unknown_style",
            "idempotency_key_in_use", "idempotency_key_reused", "method_not_allowed", "not_acceptable",
            "unsupported_media_type",
            // job state
            "not_found", "job_finished", "output_not_ready",
            // dependencies
            "storage_unavailable", "storage_error", "broker_unavailable", "internal_error"),
            Arrays.stream(ImageRejected.Reason.values()).map(ImageRejected.Reason::code)).distinct().toList();

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers every known series at zero (a bean is built on first use, so start-up asks for it). */
    void onStart(@Observes StartupEvent event) {
        for (JobKind kind : JobKind.values()) {
            for (Tier tier : Tier.values()) {
                submitted(kind, tier);
            }
        }
        KNOWN_REJECTION_CODES.forEach(this::rejections);
        eventsSkipped();
    }

    public void jobSubmitted(JobKind kind, Tier tier) {
        submitted(kind, tier).increment();
    }

    private Counter submitted(JobKind kind, Tier tier) {
        return Counter.builder(JOBS_SUBMITTED).description("Jobs accepted by the gateway")
                .tag("kind", kind.wireName()).tag("tier", tier.wireName())
                .register(registry);
    }

    /** {@code code} must come from the fixed set of problem codes, never from user input. */
    public void rejected(String code) {
        rejections(code).increment();
    }

    private Counter rejections(String code) {
        return Counter.builder(REJECTIONS).description("Requests refused with a problem answer")
                .tag("code", code)
                .register(registry);
    }

    public void eventSkipped() {
        eventsSkipped().increment();
    }

    private Counter eventsSkipped() {
        return Counter.builder(EVENTS_SKIPPED).description("Undecodable job events that were skipped")
                .register(registry);
    }
}
