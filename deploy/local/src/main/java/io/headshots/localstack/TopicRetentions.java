package io.headshots.localstack;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Prints {@code topic retention.ms} for every topic of a broker, internal ones included, so a
 * script can check that nothing is kept past 24 h. Usage: {@code TopicRetentions BOOTSTRAP}.
 */
public final class TopicRetentions {
    private static final String SHARE_GROUP_STATE = "__share_group_state";

    private TopicRetentions() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(props)) {
            var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream().sorted()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (ConfigResource r : resources) {
                var cleanup = configs.get(r).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                var retention = configs.get(r).get(TopicConfig.RETENTION_MS_CONFIG).value();
                // Compacted internal topics (consumer offsets) hold no job data; offsets expire per
                // offsets.retention.minutes, which the local broker sets to a day. The share groups'
                // state topic holds offsets and delivery states of task records, never their keys or
                // values, and the share coordinator prunes it as the groups move on.
                boolean noJobData = cleanup.contains("compact") || SHARE_GROUP_STATE.equals(r.name());
                System.out.println(r.name() + " " + (noJobData ? "0" : retention));
            }
        }
    }
}
