package io.headshots.gateway.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import io.headshots.gateway.JobState;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.rest.JobResponse;
import io.headshots.gateway.service.JobFinished;
import io.headshots.gateway.service.JobViews;
import io.headshots.platform.storage.StorageException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends each finished job to its webhook, at least once, from whichever replica gets there first.
 *
 * <p>A replica that sees a job with a webhook turn terminal creates its {@link Delivery} in S3 with a
 * conditional write (one delivery per job, however many replicas saw it) and makes the first attempt.
 * Each attempt is claimed first ({@link DeliveryStore#claim}), so no two replicas make the same one; a
 * failed retryable attempt schedules the next after an exponential backoff with full jitter, bounded
 * by {@code max-attempts} and the job's expiry. Every {@code scan-interval} each replica also looks at
 * the jobs with a webhook of the last {@code ttl}: finished jobs without a delivery (their replica
 * stopped first), due attempts (their replica stopped), and attempts claimed by a replica that died
 * ({@code claim-lease}), which count as failed. So a delivery survives any replica's restart; a
 * receiver may get an attempt twice when a replica dies between sending and recording it, and must
 * dedupe by {@code webhook-id}.
 *
 * <p>All of it runs on a small executor of its own; the HTTP call is non-blocking, so a slow or dead
 * receiver holds no thread and delays no other job or delivery.
 */
@ApplicationScoped
public class WebhookDeliveries {
    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);
    /** Attempts are not scheduled this close to the job's expiry: retention may delete the job then. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final DeliveryStore deliveries;
    private final JobViews views;
    private final SigningSecrets secrets;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final WebhookConfig config;
    private final AddressGuard guard;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration ttl;
    private final RetrySchedule schedule;
    /** Jobs whose delivery this replica already started: later changes of a finished job need no S3 write. */
    private final Map<String, Boolean> startedHere = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });
    private ThreadPoolExecutor workers;
    private ScheduledExecutorService timer;

    public WebhookDeliveries(DeliveryStore deliveries, JobViews views, SigningSecrets secrets, WebhookSender sender,
            WebhookMetrics metrics, WebhookConfig config, ObjectMapper json, Clock clock, GatewayConfig gateway) {
        this.deliveries = deliveries;
        this.views = views;
        this.secrets = secrets;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.guard = new AddressGuard(config.allowLoopback());
        this.json = json;
        this.clock = clock;
        this.ttl = gateway.jobs().ttl();
        this.schedule = new RetrySchedule(config.initialDelay(), config.maxDelay());
    }

    void onStart(@Observes StartupEvent event) {
        // Bounded: past the queue's capacity, work is dropped and the next scan finds it again.
        workers = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("webhook-delivery"), new ThreadPoolExecutor.DiscardPolicy());
        timer = Executors.newSingleThreadScheduledExecutor(daemon("webhook-timer"));
        long scan = config.scanInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> workers.execute(this::scanSafely), scan, scan, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** A job this replica saw finish: start its delivery, off the caller's thread. */
    void onFinished(@Observes JobFinished finished) {
        JobState state = finished.state();
        if (state.job().webhook() != null && workers != null && startedHere.put(state.id(), Boolean.TRUE) == null) {
            workers.execute(() -> safely(() -> start(state.id())));
        }
    }

    /** Creates the job's delivery (unless another replica did) and makes its first attempt. */
    void start(String jobId) {
        if (deliveries.create(Delivery.due(jobId, clock.instant()))) {
            attempt(jobId);
        }
    }

    /** Looks at every job with a webhook of the last TTL once: what a stopped replica left undone. */
    public void scan() {
        Instant now = clock.instant();
        for (Instant hour = now.minus(ttl).truncatedTo(ChronoUnit.HOURS); !hour.isAfter(now);
                hour = hour.plus(1, ChronoUnit.HOURS)) {
            for (String jobId : deliveries.indexed(hour)) {
                safely(() -> examine(jobId));
            }
        }
    }

    private void examine(String jobId) {
        Optional<Delivery> found = deliveries.find(jobId);
        if (found.isEmpty()) {
            Optional<JobState> job = views.find(jobId);
            if (job.isEmpty()) {
                deliveries.unindex(jobId); // deleted: nothing to deliver, ever
            } else if (job.get().status().terminal()) {
                start(jobId);
            }
            return;
        }
        Delivery delivery = found.get();
        if (delivery.over()) {
            deliveries.unindex(jobId); // later scans skip it; the delivery stays on the job
            return;
        }
        Instant now = clock.instant();
        if (delivery.nextAttemptAt() != null && delivery.nextAttemptAt().isAfter(now)) {
            return;
        }
        Optional<Instant> claimed = deliveries.claimedAt(jobId, delivery.nextNumber());
        if (claimed.isEmpty()) {
            attempt(jobId);
        } else if (claimed.get().plus(config.claimLease()).isBefore(now)) {
            abandon(delivery, claimed.get());
        }
    }

    /** The replica that claimed the attempt died before recording it: it counts as failed. */
    private void abandon(Delivery delivery, Instant claimedAt) {
        Delivery current = deliveries.find(delivery.jobId()).orElse(delivery);
        if (current.attempts().size() != delivery.attempts().size()) {
            return; // recorded meanwhile
        }
        JobState job = views.find(delivery.jobId()).orElse(null);
        if (job == null) {
            return;
        }
        Delivery.Attempt attempt = new Delivery.Attempt(delivery.nextNumber(), claimedAt, null, "abandoned", 0);
        deliveries.save(next(current, attempt, true, job));
        attempt(delivery.jobId());
    }

    /** Makes the delivery's next attempt if it is due and this replica claims it. */
    void attempt(String jobId) {
        Optional<Delivery> found = deliveries.find(jobId);
        if (found.isEmpty() || found.get().over()) {
            return;
        }
        Delivery delivery = found.get();
        Instant now = clock.instant();
        if (delivery.nextAttemptAt() != null && delivery.nextAttemptAt().isAfter(now)) {
            schedule(jobId, delivery.nextAttemptAt());
            return;
        }
        int number = delivery.nextNumber();
        if (!deliveries.claim(jobId, number, now)) {
            return; // another replica makes this attempt
        }
        Optional<JobState> job = views.reload(jobId);
        if (job.isEmpty() || job.get().job().webhook() == null) {
            return; // deleted meanwhile: its delivery went with it
        }
        JobState state = job.get();
        long started = System.nanoTime();
        URI url = URI.create(state.job().webhook());
        InetAddress address;
        try {
            address = guard.resolve(url.getHost());
        } catch (AddressGuard.Refused e) {
            boolean dns = "unresolvable_host".equals(e.errorClass());
            record(delivery, new Delivery.Attempt(number, now, null, e.errorClass(), elapsed(started)), dns, state,
                    dns ? null : "refused");
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(JobResponse.of(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the job could not be written as JSON", e);
        }
        Map<String, String> headers = signedHeaders(state.job().tenant(), delivery.webhookId(), now, body);
        sender.send(url, address, body, headers).whenCompleteAsync((result, failure) -> safely(() -> {
            WebhookSender.Result r = result != null ? result : new WebhookSender.Result(null, "connection_failed");
            String error = r.delivered() ? null : r.status() != null ? "http_status" : r.error();
            record(delivery, new Delivery.Attempt(number, now, r.status(), error, elapsed(started)),
                    r.retryable(), state, null);
        }), workers);
    }

    /** The three Standard Webhooks headers; several signatures while a rotated secret is in its grace. */
    Map<String, String> signedHeaders(String tenant, String webhookId, Instant now, String body) {
        long seconds = now.getEpochSecond();
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets.signing(tenant)) {
            try {
                signatures.add(new Webhook(secret).sign(webhookId, seconds, body));
            } catch (com.standardwebhooks.exceptions.WebhookSigningException e) {
                throw new IllegalStateException("a webhook could not be signed", e);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", String.join(" ", signatures));
        return headers;
    }

    private void record(Delivery delivery, Delivery.Attempt attempt, boolean retryable, JobState job,
            String outcome) {
        Delivery next = next(delivery, attempt, retryable, job);
        deliveries.save(next);
        String counted = outcome != null ? outcome
                : Delivery.DELIVERED.equals(next.status()) ? "delivered"
                : Delivery.PENDING.equals(next.status()) ? "retrying" : "failed";
        metrics.attempt(counted, Duration.ofMillis(attempt.millis()));
        if (next.nextAttemptAt() != null) {
            schedule(delivery.jobId(), next.nextAttemptAt());
        }
        if (attempt.error() != null) {
            // The job id and error class only: never the URL (it may carry tokens).
            LOG.infof("webhook attempt %d of job %s: %s %s", attempt.number(), delivery.jobId(), attempt.error(),
                    attempt.httpStatus() == null ? "" : attempt.httpStatus());
        }
    }

    /** The delivery after this attempt: delivered, pending with the next due time, or given up. */
    private Delivery next(Delivery delivery, Delivery.Attempt attempt, boolean retryable, JobState job) {
        if (attempt.error() == null) {
            return delivery.with(attempt, Delivery.DELIVERED, null);
        }
        Instant due = clock.instant().plus(backoff(attempt.number()));
        boolean more = retryable && attempt.number() < config.maxAttempts()
                && due.isBefore(job.job().expiresAt().minus(EXPIRY_MARGIN));
        return more ? delivery.with(attempt, Delivery.PENDING, due) : delivery.with(attempt, Delivery.FAILED, null);
    }

    /** Full jitter: a wait drawn uniformly below initial-delay * 2^(n-1), capped at max-delay. */
    Duration backoff(int failedAttempts) {
        return schedule.delay(failedAttempts, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** Runs the attempt when due on this replica; should it stop first, the scan of another finds it due. */
    private void schedule(String jobId, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        if (timer != null) {
            timer.schedule(() -> workers.execute(() -> safely(() -> attempt(jobId))), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void scanSafely() {
        safely(this::scan);
    }

    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (StorageException e) {
            LOG.warnf("webhook delivery work postponed, S3 failed: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("webhook delivery work failed: %s", e.getClass().getSimpleName());
        }
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
