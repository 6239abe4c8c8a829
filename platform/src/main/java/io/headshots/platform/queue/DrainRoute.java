package io.headshots.platform.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.vertx.ext.web.Router;

/**
 * {@code GET /drain} on a worker's management port: the worker takes no new task and answers once its
 * running task has finished (200) or {@code headshots.queue.drain-timeout} has passed (503).
 * Kubernetes calls it as the pod's preStop hook, so a long task is finished within the grace period
 * instead of being handed back by the SIGTERM that follows. Irreversible: only for a worker on its way
 * out; an operator endpoint, so it is on the management interface, never on the public port.
 */
public final class DrainRoute {
    private DrainRoute() {
    }

    public static void register(Router management, TaskQueue<?> queue, Duration max) {
        register(management, List.of(queue), max);
    }

    /** One route for a worker with several queues (the generator's tasks and its identity checks): drains them all at once. */
    public static void register(Router management, List<TaskQueue<?>> queues, Duration max) {
        management.get("/drain").handler(ctx -> {
            // The wait is minutes long: on a thread of its own, never on the event loop.
            Thread waiter = new Thread(() -> {
                List<CompletableFuture<Boolean>> draining = queues.stream()
                        // a thread each: the waits are long, and must overlap
                        .map(queue -> CompletableFuture.supplyAsync(() -> queue.drain(max), DrainRoute::daemon))
                        .toList();
                boolean drained = draining.stream().allMatch(CompletableFuture::join);
                ctx.response().setStatusCode(drained ? 200 : 503).putHeader("Content-Type", "text/plain")
                        .end(drained ? "drained: no task running\n"
                                : "a task still runs after " + max + "; SIGTERM hands it back\n");
            }, "drain");
            waiter.setDaemon(true);
            waiter.start();
        });
    }

    private static void daemon(Runnable drain) {
        Thread thread = new Thread(drain, "drain-queue");
        thread.setDaemon(true);
        thread.start();
    }
}
