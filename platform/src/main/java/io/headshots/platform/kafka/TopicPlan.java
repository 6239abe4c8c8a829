package io.headshots.platform.kafka;

import java.util.List;

import io.headshots.contracts.Topics;

/**
 * The topics of the system with their partitions and retention, declared in one place and applied
 * idempotently by {@link TopicProvisioner}. Partitions cap how many workers of one group do work
 * at once: a replica beyond the partition count idles.
 */
public record TopicPlan(String name, int partitions, short replication, long retentionMs) {

    /** The plan for a deployment with the given partitions per work topic. */
    public static List<TopicPlan> forSystem(int workPartitions, short replication, long retentionMs) {
        long retention = Math.min(retentionMs, Topics.MAX_RETENTION_MS);
        return List.of(
                new TopicPlan(Topics.GENERATE, workPartitions, replication, retention),
                new TopicPlan(Topics.UPSCALE, workPartitions, replication, retention),
                new TopicPlan(Topics.EVENTS, workPartitions, replication, retention),
                new TopicPlan(Topics.deadLetter(Topics.GENERATE), 1, replication, retention),
                new TopicPlan(Topics.deadLetter(Topics.UPSCALE), 1, replication, retention));
    }
}
