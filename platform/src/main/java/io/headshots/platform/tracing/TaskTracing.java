package io.headshots.platform.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Continues a job's trace in the worker that runs one of its tasks. The workers read tasks with a
 * plain {@code KafkaShareConsumer} ({@code TaskQueue}), which no instrumentation sees, so the trace
 * context the producer wrote into the record's headers (W3C {@code traceparent}) is extracted here by
 * hand, and the task runs inside a consumer span that is its child: the gateway's request, the task,
 * its inference and its S3 writes, and any follow-on task it publishes, are one trace.
 *
 * <p>While the task runs, its span is current on the task's thread; Quarkus' context storage then
 * puts the span's ids into the MDC ({@code traceId}, {@code spanId}, {@code sampled}), so every log
 * line of the task carries the trace id, JSON logs included. Nothing of the record's content goes
 * into a span: its name and attributes are the topic, partition, offset and delivery count only.
 */
public final class TaskTracing {
    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    public TaskTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("io.headshots.platform.queue");
    }

    /** No tracing: spans are no-ops and no trace id reaches the logs (tests of the queue alone). */
    public static TaskTracing disabled() {
        return new TaskTracing(OpenTelemetry.noop());
    }

    /** A consumer span for the record, child of the producer's span when its headers carry one. */
    public Span start(ConsumerRecord<String, byte[]> record, int deliveryCount) {
        Context parent = openTelemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), record.headers(), HEADERS);
        return tracer.spanBuilder(record.topic() + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.message.offset", record.offset())
                .setAttribute("messaging.kafka.delivery.count", deliveryCount)
                .startSpan();
    }

    /** Runs {@code work} with {@code span} current; ends the span after. */
    public <V> V within(Span span, Callable<V> work) throws Exception {
        try (Scope ignored = span.makeCurrent()) {
            return work.call();
        } catch (Exception | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Work of a step, which may throw what the caller handles itself. */
    @FunctionalInterface
    public interface Step<V, E extends Exception> {
        V run() throws E;
    }

    /** Work of a step that has no value. */
    @FunctionalInterface
    public interface VoidStep<E extends Exception> {
        void run() throws E;
    }

    /** {@link #step} for work without a value. */
    public <E extends Exception> void run(String name, VoidStep<E> work) throws E {
        step(name, () -> {
            work.run();
            return null;
        });
    }

    /**
     * A step of a task (inference, an S3 write) as a child span of the current one, so a trace shows
     * where a task's time went. The name is the step's, never a key or a file name; a failure is marked
     * by its exception's class only (messages may name keys).
     */
    public <V, E extends Exception> V step(String name, Step<V, E> work) throws E {
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (Exception | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
