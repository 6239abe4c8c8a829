package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.headshots.contracts.Messages;
import io.headshots.contracts.UpscaleTask;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Hands a premium output on to the premium upscale lane ({@code jobs.upscale.premium}: only premium
 * headshots are upscaled), keyed by task id like every task so that one job's upscales spread over
 * the upscaler fleet.
 */
@ApplicationScoped
public class UpscaleTaskPublisher {
    public static final String CHANNEL = "upscale-tasks";

    private final MutinyEmitter<Record<String, byte[]>> emitter;

    public UpscaleTaskPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter) {
        this.emitter = emitter;
    }

    /** Returns once the broker has the task: only then may the generate step be recorded as done. */
    public void publish(UpscaleTask task) {
        emitter.sendAndAwait(Record.of(Messages.taskKey(task), Messages.toJson(task)));
    }
}
