package io.headshots.gateway.service;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskMessage;
import io.headshots.contracts.UpscaleTask;
import io.headshots.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes task messages keyed by job id and waits for the broker's acknowledgement
 * ({@code acks=all}), so a 202 means the work is durably queued.
 */
@ApplicationScoped
public class TaskPublisher {
    /** The outgoing channel of {@code jobs.upscale}. */
    public static final String UPSCALE_CHANNEL = "upscale-tasks";
    /** The outgoing channel of {@code jobs.generate}. */
    public static final String GENERATE_CHANNEL = "generate-tasks";

    private final MutinyEmitter<byte[]> upscale;
    private final MutinyEmitter<byte[]> generate;
    private final Duration timeout;

    public TaskPublisher(@Channel(UPSCALE_CHANNEL) MutinyEmitter<byte[]> upscale,
            @Channel(GENERATE_CHANNEL) MutinyEmitter<byte[]> generate, GatewayConfig config) {
        this.upscale = upscale;
        this.generate = generate;
        this.timeout = config.kafka().sendTimeout();
    }

    /** Sends and waits for the ack; throws {@link BrokerUnavailable} when there is none in time. */
    public void publish(UpscaleTask task) {
        send(upscale, task);
    }

    /** Sends every task at once and waits until the broker acknowledged them all. */
    public void publish(List<GenerateTask> tasks) {
        try {
            Uni.join().all(tasks.stream().map(t -> generate.sendMessage(message(t))).toList())
                    .andFailFast().await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new BrokerUnavailable(e);
        }
    }

    private void send(MutinyEmitter<byte[]> emitter, TaskMessage task) {
        try {
            emitter.sendMessage(message(task)).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new BrokerUnavailable(e);
        }
    }

    private static Message<byte[]> message(TaskMessage task) {
        return Message.of(Messages.toJson(task))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(task.jobId()).build());
    }

    /** The broker did not acknowledge a task in time, or refused it. */
    public static class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(Throwable cause) {
            super("the broker did not acknowledge the task: " + cause.getMessage(), cause);
        }
    }
}
