package io.headshots.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import io.headshots.contracts.Topics;

/**
 * The topics of the system with their partitions and retention, declared in one place and applied
 * idempotently by {@link TopicProvisioner}. Task topics are read by share groups, so their partition
 * count no longer caps the busy workers (several share one partition); it spreads broker load.
 */
public record TopicPlan(String name, int partitions, short replication, long retentionMs) {

    /** The plan for a deployment with the given partitions per work topic. */
    public static List<TopicPlan> forSystem(int workPartitions, short replication, long retentionMs) {
        long retention = Math.min(retentionMs, Topics.MAX_RETENTION_MS);
        List<TopicPlan> plan = new ArrayList<>();
        for (String tasks : Topics.tasks()) {
            plan.add(new TopicPlan(tasks, workPartitions, replication, retention));
            plan.add(new TopicPlan(Topics.deadLetter(tasks), 1, replication, retention));
        }
        plan.add(new TopicPlan(Topics.EVENTS, workPartitions, replication, retention));
        return List.copyOf(plan);
    }
}
