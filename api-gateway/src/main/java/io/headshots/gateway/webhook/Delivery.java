package io.headshots.gateway.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One job's webhook delivery as S3 keeps it ({@code jobs/{hour}/{jobId}/webhook/delivery.json}): its
 * id, what became of each attempt, and when the next one is due. No URL (it stays in {@code job.json})
 * and no secret.
 *
 * @param webhookId the {@code webhook-id} header, the same on every attempt: receivers dedupe by it
 * @param status {@code pending} while attempts remain, then {@code delivered} or {@code failed}
 * @param nextAttemptAt when the next attempt is due; null once the delivery is over
 */
public record Delivery(String webhookId, String jobId, String status, Instant createdAt, List<Attempt> attempts,
        Instant nextAttemptAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    /**
     * One attempt.
     *
     * @param httpStatus the receiver's status code; null when no response came
     * @param error why the attempt failed without a 2xx: {@code http_status}, {@code timeout},
     *        {@code connection_failed}, an address refusal such as {@code private_address}, ...; null on success
     */
    public record Attempt(int number, Instant at, Integer httpStatus, String error, long millis) {
    }

    /** A delivery of the job's terminal state, due now. */
    public static Delivery due(String jobId, Instant now) {
        return new Delivery("msg_" + jobId.replace("-", ""), jobId, PENDING, now, List.of(), now);
    }

    public boolean over() {
        return !PENDING.equals(status);
    }

    /** The number of the attempt to make next. */
    public int nextNumber() {
        return attempts.size() + 1;
    }

    /** This delivery with one more attempt, and its new status and due time. */
    public Delivery with(Attempt attempt, String status, Instant next) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new Delivery(webhookId, jobId, status, createdAt, List.copyOf(all), next);
    }
}
