package io.headshots.gateway.webhook;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.JobState;
import io.headshots.gateway.rest.JobResponse;

/**
 * The webhook section of {@code GET /v1/jobs/{id}}: the delivery as S3 has it (any replica may have
 * made the attempts). Read only for a finished job with a webhook; every other job costs nothing.
 */
@ApplicationScoped
public class WebhookStatus {
    private final DeliveryStore deliveries;

    public WebhookStatus(DeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    public JobResponse shown(JobState state) {
        JobResponse response = JobResponse.of(state);
        if (state.job().webhook() == null) {
            return response;
        }
        Optional<Delivery> delivery = state.status().terminal() ? deliveries.find(state.id()) : Optional.empty();
        if (delivery.isEmpty()) {
            // the job is not finished, or its delivery is about to be created
            return response.withWebhook(new JobResponse.Webhook(state.job().webhook(), "waiting", null, null, null));
        }
        Delivery d = delivery.get();
        return response.withWebhook(new JobResponse.Webhook(state.job().webhook(), d.status(), d.webhookId(),
                d.attempts().stream().map(a -> new JobResponse.WebhookAttempt(a.number(), a.at(), a.httpStatus(),
                        a.error())).toList(),
                d.nextAttemptAt()));
    }
}
