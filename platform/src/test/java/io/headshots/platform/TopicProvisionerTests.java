package io.headshots.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.Topics;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.kafka.TopicPlan;
import io.headshots.platform.kafka.TopicProvisioner;

class TopicProvisionerTests {
    private final String bootstrap = LocalStack.shared().bootstrapServers();

    @Test
    void everyTopicOfTheSystemExistsWithRetentionAtMostADay() throws Exception {
        TopicProvisioner.apply(bootstrap, TopicPlan.forSystem(4, (short) 1, Long.MAX_VALUE));
        TopicProvisioner.apply(bootstrap, TopicPlan.forSystem(4, (short) 1, Long.MAX_VALUE)); // idempotent

        for (String topic : Topics.all()) {
            assertThat(retentionOf(topic)).as(topic).isLessThanOrEqualTo(Topics.MAX_RETENTION_MS);
        }
    }

    @Test
    void aTopicKeptLongerIsLoweredToThePlan() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(Topics.UPSCALE, 4, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 86_400_000)))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException alreadyThere) {
            // another test created it first; the alteration below is what matters
        }

        List<String> lowered = TopicProvisioner.apply(bootstrap, TopicPlan.forSystem(4, (short) 1, 60_000));

        assertThat(lowered).contains(Topics.UPSCALE);
        assertThat(retentionOf(Topics.UPSCALE)).isEqualTo(60_000);
    }

    private long retentionOf(String topic) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return Long.parseLong(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }
}
