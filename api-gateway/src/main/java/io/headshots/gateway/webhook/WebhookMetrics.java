package io.headshots.gateway.webhook;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The webhook metrics, every series at zero from start-up. The only tag is the bounded
 * {@code outcome}; never a job, tenant, URL or secret.
 */
@ApplicationScoped
public class WebhookMetrics {
    /** Attempts by outcome; Prometheus: {@code gateway_webhook_deliveries_total}. */
    public static final String DELIVERIES = "gateway.webhook.deliveries";
    /** Duration of one attempt (address check and HTTP call); Prometheus: {@code gateway_webhook_delivery_seconds}. */
    public static final String LATENCY = "gateway.webhook.delivery";

    /**
     * {@code delivered}: a 2xx; {@code retrying}: failed, another attempt is scheduled; {@code failed}: failed
     * and given up (not retryable, or the last attempt); {@code refused}: the address was not allowed.
     */
    public static final List<String> OUTCOMES = List.of("delivered", "retrying", "failed", "refused");

    private final MeterRegistry registry;
    private final Timer latency;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder(LATENCY).description("Time one webhook attempt took")
                .publishPercentileHistogram().register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        OUTCOMES.forEach(this::counter);
    }

    public void attempt(String outcome, Duration took) {
        counter(outcome).increment();
        latency.record(took);
    }

    private Counter counter(String outcome) {
        return Counter.builder(DELIVERIES).description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }
}
