package io.headshots.platform.worker;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How a worker tells {@code jobs.events} what happened, keyed by job id so one job's events stay in
 * order. Two kinds of event, two promises:
 * <ul>
 * <li>{@link #progress}: started and progress events are best-effort. They are sent without waiting;
 * one the broker does not take (an outage longer than the producer's timeouts) is counted in
 * {@code headshots.events.dropped} and dropped, and the task goes on: a bar that stops moving for a
 * while is better than a finished task failed for want of a progress tick.</li>
 * <li>{@link #announce}: a terminal event is awaited (bounded by the producer's delivery timeout).
 * The outcome is already stored in S3 when it is announced, so when the broker does not take it the
 * task is handed back ({@link TaskInterrupted}: RELEASE, not a failure) and its next delivery finds
 * the stored outcome and announces it again.</li>
 * </ul>
 */
public final class JobEventSender {
    private static final Logger LOG = Logger.getLogger(JobEventSender.class);

    /** Sends one record; the stage completes when the broker has it. */
    @FunctionalInterface
    public interface Transport {
        CompletionStage<Void> send(String key, byte[] value);
    }

    private final Transport transport;
    private final Counter dropped;

    public JobEventSender(Transport transport, MeterRegistry registry) {
        this.transport = transport;
        this.dropped = Counter.builder("headshots.events.dropped")
                .description("Best-effort job events (started, progress) the broker did not take")
                .register(registry);
    }

    /** Best-effort: never blocks, never throws. */
    public void progress(JobEvent event) {
        try {
            transport.send(event.jobId(), Messages.toJson(event)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    dropped.increment();
                    LOG.debugf("progress event dropped: %s", failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            // The emitter refused it at once (its buffer is full while the broker is away).
            dropped.increment();
            LOG.debugf("progress event dropped: %s", e.getMessage());
        }
    }

    /**
     * Waits for the broker to take a terminal event.
     *
     * @throws TaskInterrupted when it does not: the task goes back to the queue to announce it again
     */
    public void announce(JobEvent event) {
        try {
            transport.send(event.jobId(), Messages.toJson(event)).toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf("a stored outcome could not be announced (%s); the task goes back to the queue to announce it"
                    + " again", cause.getClass().getSimpleName());
            throw new TaskInterrupted("outcome stored but not announced; handed back to announce it again", cause);
        }
    }
}
