package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.Readiness;

import io.headshots.platform.queue.QueueConfig;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * {@code GET /drain} on the management port: the worker takes no new task and answers once its
 * running task has finished (200) or {@code headshots.queue.drain-timeout} has passed (503).
 * Kubernetes calls it as the pod's preStop hook, so a long task is finished within the grace period
 * instead of being handed back by the SIGTERM that follows. Irreversible: only for a worker on its way
 * out; an operator endpoint, so it is on the management interface, never on the public port.
 */
@ApplicationScoped
public class DrainRoute {
    void register(@Observes ManagementInterface management, @Readiness GenerateTaskConsumer consumer, QueueConfig config) {
        management.router().get("/drain").handler(ctx -> {
            // The wait is minutes long: on a thread of its own, never on the event loop.
            Thread waiter = new Thread(() -> {
                boolean drained = consumer.drain(config.drainTimeout());
                ctx.response().setStatusCode(drained ? 200 : 503).putHeader("Content-Type", "text/plain")
                        .end(drained ? "drained: no task running\n"
                                : "a task still runs after " + config.drainTimeout() + "; SIGTERM hands it back\n");
            }, "drain");
            waiter.setDaemon(true);
            waiter.start();
        });
    }
}
