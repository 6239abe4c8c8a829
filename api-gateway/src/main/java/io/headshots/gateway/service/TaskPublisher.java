package io.headshots.gateway.service;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.Lane;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskMessage;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.gateway.config.GatewayConfig;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes task messages to their lane's topic ({@link Topics#generate(Lane)},
 * {@link Topics#upscale(Lane)}), keyed by task ({@link Messages#taskKey}) so that one job's tasks
 * spread over the partitions and the workers, and waits for the broker's acknowledgement
 * ({@code acks=all}), so a 202 means the work is durably queued.
 *
 * <p>Each record carries the request's trace context ({@code traceparent} header): the messaging
 * extension writes it from the message's {@link TracingMetadata}, set here on the request's thread
 * because the send itself may run on another one.
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
    public void publish(UpscaleTask task, Lane lane) {
        try {
            upscale.sendMessage(message(task, Topics.upscale(lane))).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new BrokerUnavailable(e);
        }
    }

    /** Sends every task at once and waits until the broker acknowledged them all. */
    public void publish(List<GenerateTask> tasks, Lane lane) {
        try {
            Uni.join().all(tasks.stream().map(t -> generate.sendMessage(message(t, Topics.generate(lane)))).toList())
                    .andFailFast().await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new BrokerUnavailable(e);
        }
    }

    private static Message<byte[]> message(TaskMessage task, String topic) {
        return Message.of(Messages.toJson(task)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(Messages.taskKey(task)).build())
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
    }

    /** The broker did not acknowledge a task in time, or refused it. */
    public static class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(Throwable cause) {
            super("the broker did not acknowledge the task: " + cause.getMessage(), cause);
        }
    }
}
