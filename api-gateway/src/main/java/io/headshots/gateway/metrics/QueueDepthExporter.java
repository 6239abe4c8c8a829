package io.headshots.gateway.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.headshots.platform.queue.QueueDepth;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Exports {@code headshots_queue_pending_tasks} per queue and lane, read from the broker every
 * {@code headshots.queue.depth-interval}: the autoscaler scales each worker kind on it, and the
 * gateway is the service that runs while a worker kind is scaled to zero.
 */
@ApplicationScoped
public class QueueDepthExporter {
    private final QueueDepth depth;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public QueueDepthExporter(MeterRegistry metrics, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "headshots.queue.depth-interval", defaultValue = "PT10S") Duration interval) {
        this.depth = new QueueDepth(bootstrap, QueueDepth.SYSTEM, metrics);
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "queue-depth"));
        timer.scheduleWithFixedDelay(depth::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        depth.close();
    }
}
