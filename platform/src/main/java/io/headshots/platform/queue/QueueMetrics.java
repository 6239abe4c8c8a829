package io.headshots.platform.queue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.headshots.contracts.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The metrics of one worker kind's queue, registered at zero when the worker starts so that
 * dashboards and alerts see every series from the first scrape. Tags are bounded: queue and lane.
 */
public final class QueueMetrics {
    private final Map<Lane, Timer> waits = new EnumMap<>(Lane.class);
    private final Map<Lane, Counter> redeliveries = new EnumMap<>(Lane.class);
    private final Counter exhausted;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param queue {@code generate} or {@code upscale} */
    public QueueMetrics(String queue, MeterRegistry registry) {
        for (Lane lane : Lane.values()) {
            waits.put(lane, Timer.builder("headshots.task.wait")
                    .description("Time from a task's publication to a worker starting it (first deliveries)")
                    .tag("queue", queue).tag("lane", lane.wireName())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(2))
                    .register(registry));
            redeliveries.put(lane, Counter.builder("headshots.task.redeliveries")
                    .description("Tasks delivered again: their worker died, lost the lock or handed them back")
                    .tag("queue", queue).tag("lane", lane.wireName())
                    .register(registry));
        }
        exhausted = Counter.builder("headshots.tasks.exhausted")
                .description("Tasks failed worker_crashed: delivered more often than allowed without a result")
                .tag("queue", queue)
                .register(registry);
        Gauge.builder("headshots.tasks.in.flight", inFlight, AtomicInteger::get)
                .description("Tasks this worker is running now")
                .tag("queue", queue)
                .register(registry);
    }

    /** Counts the tasks recorded {@code worker_crashed}. */
    public Counter exhausted() {
        return exhausted;
    }

    /** Tasks running now in this worker. */
    int inFlight() {
        return inFlight.get();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    void started(Lane lane, ConsumerRecord<String, byte[]> record, int deliveryCount) {
        inFlight.incrementAndGet();
        if (deliveryCount > 1) {
            redeliveries.get(lane).increment();
        } else if (record.timestamp() > 0) {
            waits.get(lane).record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
        }
    }
}
