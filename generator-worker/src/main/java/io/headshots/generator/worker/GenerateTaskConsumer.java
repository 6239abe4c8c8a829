package io.headshots.generator.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.GenerateTask;
import io.headshots.platform.worker.TaskIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes tasks from {@code jobs.generate}. Work runs off the poll thread on the {@code generate-pool}
 * worker pool, whose size ({@code generator.max-in-flight}) bounds the tasks in flight; the throttled
 * commit strategy commits an offset only once every record before it is done, so a worker killed
 * mid-task loses nothing. What becomes of each message (ack, dead letter, handed back) is
 * {@link TaskIntake}'s decision.
 */
@ApplicationScoped
public class GenerateTaskConsumer {
    public static final String CHANNEL = "generate-tasks";

    private final TaskIntake<GenerateTask> intake;

    public GenerateTaskConsumer(GenerateTaskHandler handler, MeterRegistry metrics) {
        this.intake = new TaskIntake<>(GenerateTask.class, handler,
                // Registered now, at zero, so that increase() sees the first dead letter too.
                Counter.builder("generator.dead.letters").description("Task messages sent to the dead-letter topic")
                        .register(metrics));
    }

    @Incoming(CHANNEL)
    @Blocking(value = "generate-pool", ordered = false)
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
