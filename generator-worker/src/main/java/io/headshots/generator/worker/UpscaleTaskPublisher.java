package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.Messages;
import io.headshots.contracts.UpscaleTask;
import io.headshots.platform.worker.TaskInterrupted;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Hands a premium output on to the premium upscale lane ({@code jobs.upscale.premium}: only premium
 * headshots are upscaled), keyed by task id like every task so that one job's upscales spread over
 * the upscaler fleet. The record carries the generate task's trace context, so the upscale is part
 * of the same job's trace.
 */
@ApplicationScoped
public class UpscaleTaskPublisher {
    public static final String CHANNEL = "upscale-tasks";

    private final MutinyEmitter<Record<String, byte[]>> emitter;

    public UpscaleTaskPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter) {
        this.emitter = emitter;
    }

    /**
     * Returns once the broker has the task: only then may the generate step be recorded as done.
     *
     * @throws TaskInterrupted when the broker does not take it: the generate task goes back to the queue
     *         (its output is stored; the next delivery hands it on again), it is not failed
     */
    public void publish(UpscaleTask task) {
        // The task's span is current on this thread; the send may run on another.
        try {
            emitter.sendMessageAndAwait(Message.of(Record.of(Messages.taskKey(task), Messages.toJson(task)))
                    .addMetadata(TracingMetadata.withCurrent(Context.current())));
        } catch (RuntimeException e) {
            throw new TaskInterrupted("the upscale task could not be handed on; handed back to try again", e);
        }
    }
}
