package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/** Publishes task events to {@code jobs.events}, keyed by job id so one job's events stay in order. */
@ApplicationScoped
public class JobEventPublisher {
    public static final String CHANNEL = "job-events";

    private final MutinyEmitter<Record<String, byte[]>> emitter;

    public JobEventPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter) {
        this.emitter = emitter;
    }

    /** Waits for the broker's ack: an event the gateway never sees would leave a job looking stuck. */
    public void publish(JobEvent event) {
        emitter.sendAndAwait(Record.of(event.jobId(), Messages.toJson(event)));
    }
}
