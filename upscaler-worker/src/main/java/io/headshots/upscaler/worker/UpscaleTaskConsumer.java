package io.headshots.upscaler.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.UpscaleTask;
import io.headshots.platform.worker.TaskIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes tasks from {@code jobs.upscale}. Work runs off the poll thread on the {@code upscale-pool}
 * worker pool, whose size bounds the tasks in flight; the throttled commit strategy commits an
 * offset only once every record before it is done, so a worker killed mid-task loses nothing.
 * What becomes of each message (ack, dead letter, handed back) is {@link TaskIntake}'s decision.
 */
@ApplicationScoped
public class UpscaleTaskConsumer {
    public static final String CHANNEL = "upscale-tasks";

    private final TaskIntake<UpscaleTask> intake;

    public UpscaleTaskConsumer(UpscaleTaskHandler handler, MeterRegistry metrics) {
        this.intake = new TaskIntake<>(UpscaleTask.class, handler,
                // Registered now, at zero, so that increase() sees the first dead letter too.
                Counter.builder("upscaler.dead.letters").description("Task messages sent to the dead-letter topic")
                        .register(metrics));
    }

    @Incoming(CHANNEL)
    @Blocking(value = "upscale-pool", ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        TaskIntake.Disposition disposition = intake.process(message.getPayload());
        return switch (disposition.verdict()) {
            case ACK -> message.ack();
            case DEAD_LETTER -> message.nack(disposition.reason());
            // Left unacknowledged: its offset is never committed, so it is redelivered.
            case HAND_BACK -> CompletableFuture.completedFuture(null);
        };
    }
}
