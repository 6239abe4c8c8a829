package io.headshots.gateway.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.Lane;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskMessage;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes task messages to their lane's topic ({@link Topics#generate(Lane)},
 * {@link Topics#upscale(Lane)}), keyed by task ({@link Messages#taskKey}), sent round the partitions
 * so that one job's tasks spread over the workers, and waits for the broker's acknowledgement
 * ({@code acks=all}), so a 202 means the work is durably queued.
 *
 * <p>A plain {@link KafkaProducer}, configured from the application's {@code kafka.*} settings (the
 * broker, and security where production sets it), not a reactive-messaging emitter: the emitter's
 * stream (Mutiny operators, context propagation, a sender thread in front of the producer's own) cost
 * a submission more CPU than the send itself (async-profiler under bench/submission-bench.sh), and a
 * submission blocks on the acknowledgement anyway. Each record carries the request's trace context
 * (W3C {@code traceparent} header, written here inside a producer span), which the workers continue
 * ({@code TaskTracing}).
 */
@ApplicationScoped
@Startup // its producer and kafka_producer_* series exist from start-up, as the channels' did
public class TaskPublisher {
    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> headers.remove(key)
            .add(key, value.getBytes(StandardCharsets.UTF_8));

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics producerMetrics;
    private final Duration timeout;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public TaskPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config,
            OpenTelemetry openTelemetry, MeterRegistry registry) {
        this.producer = new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), new ByteArraySerializer());
        // kafka_producer_* as for the channels' producers: the alert on failed task sends reads them.
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        this.timeout = config.kafka().sendTimeout();
        this.tracer = openTelemetry.getTracer("io.headshots.gateway.tasks");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The application's Kafka settings plus what a task's send must be. */
    static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "api-gateway-tasks");
        // Acknowledged by every in-sync replica before a submission is answered.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Round the partitions, whatever the keys: one job's tasks land evenly, so no worker that
        // reads a partition alone runs out of work while another partition still has a backlog.
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());
        // A broker that is gone fails the send within seconds: the submission answers 503, retry later.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** Sends and waits for the ack; throws {@link BrokerUnavailable} when there is none in time. */
    public void publish(UpscaleTask task, Lane lane) {
        send(Topics.upscale(lane), List.of(task));
    }

    /** Sends every task at once and waits until the broker acknowledged them all. */
    public void publish(List<GenerateTask> tasks, Lane lane) {
        send(Topics.generate(lane), tasks);
    }

    private void send(String topic, List<? extends TaskMessage> tasks) {
        Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.batch.message_count", tasks.size())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(tasks.size());
            for (TaskMessage task : tasks) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, Messages.taskKey(task),
                        Messages.toJson(task));
                propagator.inject(Context.current(), record.headers(), HEADERS);
                acks.add(producer.send(record));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failed(span, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(span, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(span, e);
        } finally {
            span.end();
        }
    }

    private static BrokerUnavailable failed(Span span, Throwable cause) {
        span.setStatus(StatusCode.ERROR, cause.getClass().getSimpleName());
        return new BrokerUnavailable(cause);
    }

    /** Sends still in flight get a moment to finish before the application stops. */
    @PreDestroy
    void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** The broker did not acknowledge a task in time, or refused it. */
    public static class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(Throwable cause) {
            super("the broker did not acknowledge the task: " + cause.getMessage(), cause);
        }
    }
}
