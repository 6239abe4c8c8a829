package io.headshots.generator.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.Lane;
import io.headshots.contracts.Topics;
import io.headshots.generator.config.GeneratorConfig;
import io.headshots.platform.queue.DrainRoute;
import io.headshots.platform.queue.QueueConfig;
import io.headshots.platform.queue.QueueMetrics;
import io.headshots.platform.queue.TaskQueue;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.OrderlyStop;
import io.headshots.platform.worker.TaskIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * Takes tasks from both generate lanes through the {@value #GROUP} share group: every replica of the
 * worker shares every partition, so one job's headshots spread over the fleet, and each replica runs
 * at most {@code generator.max-in-flight} tasks. What becomes of each task is {@link TaskIntake}'s
 * decision; the lock, the lanes and the acknowledgements are {@link TaskQueue}'s. Ready while its
 * slots run.
 */
@Readiness
@ApplicationScoped
public class GenerateTaskConsumer implements HealthCheck {
    /** The share group of every generator replica. */
    public static final String GROUP = "generator-worker";
    /** Time a stopping worker gives its running task to finish or hand itself back. */
    static final Duration DRAIN = Duration.ofSeconds(25);

    private final TaskQueue<GenerateTask> queue;

    public GenerateTaskConsumer(GenerateTaskHandler handler, GeneratorConfig config, QueueConfig queueConfig,
            MeterRegistry metrics, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            OpenTelemetry openTelemetry) {
        QueueMetrics queueMetrics = new QueueMetrics("generate", metrics);
        TaskIntake<GenerateTask> intake = new TaskIntake<>(GenerateTask.class, handler, queueConfig.maxAttempts(),
                // Registered now, at zero, so that increase() sees the first dead letter too.
                Counter.builder("generator.dead.letters").description("Task messages sent to the dead-letter topic")
                        .register(metrics),
                queueMetrics.exhausted());
        this.queue = new TaskQueue<>(new TaskQueue.Spec("generate", GROUP,
                Map.of(Lane.FREE, Topics.generate(Lane.FREE), Lane.PREMIUM, Topics.generate(Lane.PREMIUM)),
                config.maxInFlight()), queueConfig, bootstrap, intake, queueMetrics,
                new TaskTracing(openTelemetry));
    }

    // After the topics are provisioned (TopicStartup observes at the default priority).
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        OrderlyStop.install(); // SIGTERM drains the queue before ONNX Runtime's own shutdown hook runs
        queue.start();
    }

    // After the handler saw the shutdown (default priority), so a long task hands itself back.
    void onStop(@Observes @Priority(3000) ShutdownEvent event) {
        queue.stop(DRAIN);
    }

    /** {@code GET /drain} on the management port, the pod's preStop ({@link DrainRoute}): both queues. */
    void drainRoute(@Observes ManagementInterface management, QueueConfig config,
            @Readiness VerifyTaskConsumer verify) {
        DrainRoute.register(management.router(), List.of(queue, verify.queue()), config.drainTimeout());
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("task-queue").status(queue.running()).build();
    }
}
