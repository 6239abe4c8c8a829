package io.headshots.platform.queue;

import java.time.Duration;

/** A {@link QueueConfig} with the values a test names (premium weight 4, idle poll 200 ms). */
record TestQueueConfig(Duration lockDuration, int maxAttempts) implements QueueConfig {
    @Override
    public int premiumWeight() {
        return 4;
    }

    @Override
    public Duration idlePoll() {
        return Duration.ofMillis(200);
    }

    @Override
    public Duration drainTimeout() {
        return Duration.ofSeconds(30);
    }
}
