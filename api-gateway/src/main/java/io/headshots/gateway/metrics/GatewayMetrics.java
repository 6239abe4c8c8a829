package io.headshots.gateway.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.JobKind;
import io.headshots.contracts.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every metric the gateway records, in one place. Tags are bounded: job kind, tier, problem code
 * and terminal status. Never a job id, tenant id or key.
 */
@ApplicationScoped
public class GatewayMetrics {
    /** Jobs accepted, by {@code kind} and {@code tier}; Prometheus: {@code gateway_jobs_submitted_total}. */
    public static final String JOBS_SUBMITTED = "gateway.jobs.submitted";
    /** Requests refused, by problem {@code code}; Prometheus: {@code gateway_rejections_total}. */
    public static final String REJECTIONS = "gateway.rejections";
    /** Job events that could not be decoded and were skipped; Prometheus: {@code gateway_events_skipped_total}. */
    public static final String EVENTS_SKIPPED = "gateway.events.skipped";

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void jobSubmitted(JobKind kind, Tier tier) {
        Counter.builder(JOBS_SUBMITTED).description("Jobs accepted by the gateway")
                .tag("kind", kind.wireName()).tag("tier", tier.wireName())
                .register(registry).increment();
    }

    /** {@code code} must come from the fixed set of problem codes, never from user input. */
    public void rejected(String code) {
        Counter.builder(REJECTIONS).description("Requests refused with a problem answer")
                .tag("code", code)
                .register(registry).increment();
    }

    public void eventSkipped() {
        Counter.builder(EVENTS_SKIPPED).description("Undecodable job events that were skipped")
                .register(registry).increment();
    }
}
