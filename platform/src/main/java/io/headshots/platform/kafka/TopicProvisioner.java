package io.headshots.platform.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates missing topics and lowers any retention above the plan's. Safe to run from every service
 * replica at once: creation races end in {@link TopicExistsException}, which is success.
 */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    /** Applies the plan; returns the names of topics whose retention had to be lowered. */
    public static List<String> apply(String bootstrapServers, Collection<TopicPlan> plan) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (TopicPlan topic : plan) {
                if (!existing.contains(topic.name())) {
                    create(admin, topic);
                }
            }
            return lowerRetention(admin, plan);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic provisioning failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("topic provisioning failed: " + e, e);
        }
    }

    private static void create(Admin admin, TopicPlan topic) throws Exception {
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replication())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topic.retentionMs())));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Describes the topics' configs, retrying while a topic created a moment ago is not yet known to
     * the broker that answers (metadata propagates asynchronously, even on a single KRaft node).
     */
    private static Map<ConfigResource, org.apache.kafka.clients.admin.Config> describeWhenKnown(Admin admin,
            List<ConfigResource> resources) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static List<String> lowerRetention(Admin admin, Collection<TopicPlan> plan) throws Exception {
        List<ConfigResource> resources = plan.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        var configs = describeWhenKnown(admin, resources);
        List<String> lowered = new ArrayList<>();
        for (TopicPlan topic : plan) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            ConfigEntry entry = configs.get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
            long current = entry == null || entry.value() == null ? Long.MAX_VALUE : Long.parseLong(entry.value());
            if (current < 0 || current > topic.retentionMs()) {
                AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(topic.retentionMs())), AlterConfigOp.OpType.SET);
                admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
                lowered.add(topic.name());
            }
        }
        return lowered;
    }
}
