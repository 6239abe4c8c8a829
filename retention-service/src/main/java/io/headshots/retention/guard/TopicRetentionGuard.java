package io.headshots.retention.guard;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.headshots.platform.kafka.TopicPlan;
import io.headshots.platform.kafka.TopicProvisioner;
import io.headshots.platform.kafka.TopicsConfig;
import io.headshots.retention.config.RetentionConfig;
import io.headshots.retention.sweep.RetentionPolicy;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps every topic of the system at a retention no longer than the TTL: task messages and events
 * carry job ids and keys, which must not outlive the jobs. Runs at start-up and again every
 * {@code retention.topic-check-interval}, so a broker that was down, or a retention raised by hand,
 * is corrected. Missing topics are created as by every service (same plan, same provisioner).
 */
@ApplicationScoped
public class TopicRetentionGuard {
    private static final Logger LOG = Logger.getLogger(TopicRetentionGuard.class);

    private final TopicsConfig topics;
    private final RetentionPolicy policy;
    private final RetentionConfig config;
    private final String bootstrapServers;

    TopicRetentionGuard(TopicsConfig topics, RetentionPolicy policy, RetentionConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topics = topics;
        this.policy = policy;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    @Scheduled(identity = "topic-retention-guard", every = "${retention.topic-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            List<String> lowered = TopicProvisioner.apply(bootstrapServers,
                    TopicPlan.forSystem(topics.partitions(), topics.replication(), policy.ttl().toMillis()));
            if (!lowered.isEmpty()) {
                LOG.infof("lowered retention of topics %s to the TTL %s", lowered, policy.ttl());
            }
        } catch (RuntimeException e) {
            LOG.warnf("topic retention check failed, next try in %s: %s", config.topicCheckInterval(), e.getMessage());
        }
    }
}
