package io.headshots.platform.kafka;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the system's topics are provisioned at start-up by every service (idempotent). */
@ConfigMapping(prefix = "headshots.topics")
public interface TopicsConfig {
    /** Provision topics at start-up; off where a deploy job does it. */
    @WithDefault("true")
    boolean provision();

    /** Partitions of each work topic: the most workers of one group that can be busy at once. */
    @WithDefault("8")
    int partitions();

    @WithDefault("1")
    short replication();

    /** Retention of every topic; capped at 24 h whatever is configured. */
    @WithDefault("PT24H")
    Duration retention();
}
