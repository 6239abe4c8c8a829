package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.headshots.contracts.JobEvent;
import io.headshots.platform.worker.JobEventSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes task events to {@code jobs.events}: progress best-effort, terminal events awaited (a
 * terminal event the broker does not take hands the task back); see {@link JobEventSender}.
 */
@ApplicationScoped
public class JobEventPublisher {
    public static final String CHANNEL = "job-events";

    private final JobEventSender sender;

    public JobEventPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter, MeterRegistry registry) {
        this.sender = new JobEventSender((key, value) -> emitter.send(Record.of(key, value))
                .subscribeAsCompletionStage(), registry);
    }

    /** Started and progress events: best-effort, never blocks the task. */
    public void progress(JobEvent event) {
        sender.progress(event);
    }

    /** A terminal event, after the outcome is stored; throws {@code TaskInterrupted} when not taken. */
    public void announce(JobEvent event) {
        sender.announce(event);
    }
}
