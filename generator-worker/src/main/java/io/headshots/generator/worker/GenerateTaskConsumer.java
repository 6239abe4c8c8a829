package io.headshots.generator.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.Messages;
import io.headshots.contracts.PoisonMessageException;
import io.headshots.platform.storage.StorageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes tasks from {@code jobs.generate}. Work runs off the poll thread on the {@code generate-pool}
 * worker pool, whose size ({@code generator.max-in-flight}) bounds the tasks in flight; the throttled
 * commit strategy commits an offset only once every record before it is done, so a worker killed
 * mid-task loses nothing.
 */
@ApplicationScoped
public class GenerateTaskConsumer {
    public static final String CHANNEL = "generate-tasks";
    private static final Logger LOG = Logger.getLogger(GenerateTaskConsumer.class);

    private final GenerateTaskHandler handler;
    private final MeterRegistry metrics;

    public GenerateTaskConsumer(GenerateTaskHandler handler, MeterRegistry metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    @Blocking(value = "generate-pool", ordered = false)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        GenerateTask task;
        try {
            task = Messages.decodeTask(message.getPayload(), GenerateTask.class);
        } catch (PoisonMessageException e) {
            // To the dead-letter topic with the reason; the partition keeps flowing.
            metrics.counter("generator.dead.letters").increment();
            LOG.warnf("poison message sent to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        try {
            handler.handle(task);
            return message.ack();
        } catch (TaskInterrupted | StorageException e) {
            if (handler.stopping()) {
                // Left unacknowledged: its offset is never committed, so it is redelivered.
                return CompletableFuture.completedFuture(null);
            }
            return deadLetter(message, e);
        } catch (RuntimeException e) {
            return deadLetter(message, e);
        }
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> message, RuntimeException e) {
        metrics.counter("generator.dead.letters").increment();
        LOG.errorf(e, "task could not be processed; sent to the dead-letter topic");
        return message.nack(e);
    }
}
