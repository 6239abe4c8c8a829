package io.headshots.platform.queue;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the workers take tasks from the share groups (see {@link TaskQueue}); the same for every worker kind. */
@ConfigMapping(prefix = "headshots.queue")
public interface QueueConfig {
    /**
     * How long a delivered task stays locked to its worker. A running task renews its lock every third
     * of this, so a task of any length keeps it while its worker lives, and a dead worker's task is
     * delivered again within about this long. Set on the share group at start-up
     * ({@code share.record.lock.duration.ms}); the broker bounds it (15 s to 60 s unless raised).
     */
    @WithDefault("PT30S")
    Duration lockDuration();

    /**
     * Deliveries a task may have. The next delivery is not run: the task is recorded failed
     * {@code worker_crashed} and copied to its dead-letter topic. A task handed back by a stopping
     * worker counts too. 1 to 9 (the broker's delivery count limit, one above it, is at most 10).
     */
    @WithDefault("4")
    int maxAttempts();

    /**
     * Premium tasks a worker takes in a row while free work waits, before it gives one free task its
     * turn: premium never waits behind a free backlog, free work never starves.
     */
    @WithDefault("4")
    int premiumWeight();

    /**
     * How long a free worker waits on the free lane before it asks the premium lane again (a task
     * already there is handed over at once; the premium lane is asked with a short probe of 40 ms).
     * It sets how soon an idle worker starts a new task: measured with one worker (BENCHMARKS.md
     * "Pipeline overhead"), 50 ms gives a dispatch p50 of 12 ms, 200 ms one of 140 ms. What the broker
     * sees of an idle worker does not depend on it: each of its lanes keeps one share fetch waiting
     * ({@code TaskQueue.FETCH_WAIT}, 500 ms), answered as soon as a task comes.
     */
    @WithDefault("PT0.05S")
    Duration idlePoll();

    /**
     * How long a drain ({@code GET /drain}, a Kubernetes preStop) lets the running tasks finish before
     * it returns and the SIGTERM that follows hands back what still runs. Keep it below the pod's
     * {@code terminationGracePeriodSeconds} minus the SIGTERM drain (25 s).
     */
    @WithDefault("PT4M")
    Duration drainTimeout();
}
