package io.headshots.retention.guard;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.headshots.contracts.Topics;
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
 *
 * <p>Kafka deletes whole closed segments only, and by default rolls a partition's segment after 7
 * days: on a quiet partition a message would outlive {@code retention.ms} by up to a week. So the
 * guard also caps {@code segment.ms} at a 24th of the TTL (1 h for 24 h); a message is then gone at
 * most TTL + TTL/24 + the broker's retention check interval (5 min by default) after it was written.
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
            List<String> rolled = capSegments(segmentMs(policy.ttl().toMillis()));
            if (!rolled.isEmpty()) {
                LOG.infof("lowered segment.ms of topics %s so that retention deletes on time", rolled);
            }
        } catch (RuntimeException e) {
            LOG.warnf("topic retention check failed, next try in %s: %s", config.topicCheckInterval(), e.getMessage());
        }
    }

    /** How long a segment may stay open: a 24th of the TTL, at least a second. */
    public static long segmentMs(long ttlMs) {
        return Math.max(1000, ttlMs / 24);
    }

    /** Lowers {@code segment.ms} of every topic of the system above the cap; returns their names. */
    private List<String> capSegments(long segmentMs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<ConfigResource> resources = Topics.all().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (ConfigResource resource : resources) {
                ConfigEntry entry = configs.get(resource).get(TopicConfig.SEGMENT_MS_CONFIG);
                if (entry == null || Long.parseLong(entry.value()) > segmentMs) {
                    changes.put(resource, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG,
                            String.valueOf(segmentMs)), AlterConfigOp.OpType.SET)));
                }
            }
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            }
            return changes.keySet().stream().map(ConfigResource::name).sorted().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while capping segment.ms", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not cap segment.ms: " + e, e);
        }
    }
}
