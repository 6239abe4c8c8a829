package io.headshots.generator.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.health.Readiness;

import io.headshots.platform.queue.QueueConfig;

/**
 * {@code GET /drain}: the worker takes no new task and answers once its running task has finished
 * (200) or {@code headshots.queue.drain-timeout} has passed (503). Kubernetes calls it as the pod's
 * preStop hook, so a long task is finished within the grace period instead of being handed back by
 * the SIGTERM that follows. Irreversible: only for a worker on its way out. The worker's port is not
 * published outside the cluster.
 */
@Path("/drain")
public class DrainResource {
    private final GenerateTaskConsumer consumer;
    private final QueueConfig config;

    public DrainResource(@Readiness GenerateTaskConsumer consumer, QueueConfig config) {
        this.consumer = consumer;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public CompletionStage<Response> drain() {
        // The wait is minutes long: on a thread of its own, never on an event loop or a worker thread.
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Thread waiter = new Thread(() -> answer.complete(consumer.drain(config.drainTimeout())
                ? Response.ok("drained: no task running\n").build()
                : Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity("a task still runs after " + config.drainTimeout() + "; SIGTERM hands it back\n").build()),
                "drain");
        waiter.setDaemon(true);
        waiter.start();
        return answer;
    }
}
