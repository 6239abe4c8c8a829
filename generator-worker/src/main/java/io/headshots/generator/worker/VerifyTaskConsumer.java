package io.headshots.generator.worker;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.contracts.Lane;
import io.headshots.contracts.Topics;
import io.headshots.contracts.VerifyTask;
import io.headshots.platform.queue.QueueConfig;
import io.headshots.platform.queue.QueueMetrics;
import io.headshots.platform.queue.TaskQueue;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.TaskIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes the identity checks after upscaling ({@link Topics#VERIFY_PREMIUM}, premium only) through the
 * {@value #GROUP} share group, with the same queue semantics as the generate tasks: ACCEPT once the
 * result is stored, RELEASE on a hand-back, bounded redelivery then {@code worker_crashed}. One slot:
 * a check is one face detection and two descriptors, a small fraction of a generation, and it waits
 * for at most the check in front of it, never behind generate work.
 */
@Readiness
@ApplicationScoped
public class VerifyTaskConsumer implements HealthCheck {
    /** The share group of every generator replica's identity checks. */
    public static final String GROUP = "generator-verifier";
    /** Identity checks one replica runs at once. */
    static final int SLOTS = 1;

    private final TaskQueue<VerifyTask> queue;

    public VerifyTaskConsumer(VerifyTaskHandler handler, QueueConfig queueConfig, MeterRegistry metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, OpenTelemetry openTelemetry) {
        QueueMetrics queueMetrics = new QueueMetrics("verify", metrics);
        TaskIntake<VerifyTask> intake = new TaskIntake<>(VerifyTask.class, handler, queueConfig.maxAttempts(),
                // the generate queue's counter: one dead-letter alert for the worker
                Counter.builder("generator.dead.letters").description("Task messages sent to the dead-letter topic")
                        .register(metrics),
                queueMetrics.exhausted());
        this.queue = new TaskQueue<>(new TaskQueue.Spec("verify", GROUP, Map.of(Lane.PREMIUM, Topics.VERIFY_PREMIUM),
                SLOTS), queueConfig, bootstrap, intake, queueMetrics, new TaskTracing(openTelemetry));
    }

    // After the topics are provisioned (TopicStartup observes at the default priority).
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        queue.start();
    }

    // After the handler saw the shutdown (default priority), so a running check hands itself back.
    void onStop(@Observes @Priority(3000) ShutdownEvent event) {
        queue.stop(GenerateTaskConsumer.DRAIN);
    }

    /** For the worker's drain route, which drains both queues. */
    TaskQueue<VerifyTask> queue() {
        return queue;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("verify-queue").status(queue.running()).build();
    }
}
