package io.headshots.upscaler.worker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.Messages;
import io.headshots.contracts.VerifyTask;
import io.headshots.platform.worker.TaskInterrupted;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Hands an upscaled premium headshot on to the generator's identity check ({@code jobs.verify.premium}),
 * keyed by task like every task. References only: the generator reads photo and output from S3. The
 * record carries the upscale's trace context, so the check is part of the job's trace.
 */
@ApplicationScoped
public class VerifyTaskPublisher {
    public static final String CHANNEL = "verify-tasks";

    private final MutinyEmitter<Record<String, byte[]>> emitter;

    public VerifyTaskPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter) {
        this.emitter = emitter;
    }

    /**
     * Returns once the broker has the check: only then may the upscale step be recorded as done.
     *
     * @throws TaskInterrupted when the broker does not take it: the upscale task goes back to the queue
     *         (its output is stored; the next delivery hands it on again), it is not failed
     */
    public void publish(VerifyTask task) {
        try {
            emitter.sendMessageAndAwait(Message.of(Record.of(Messages.taskKey(task), Messages.toJson(task)))
                    .addMetadata(TracingMetadata.withCurrent(Context.current())));
        } catch (RuntimeException e) {
            throw new TaskInterrupted("the identity check could not be handed on; handed back to try again", e);
        }
    }
}
