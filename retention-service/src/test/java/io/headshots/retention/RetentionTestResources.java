package io.headshots.retention;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import io.headshots.contracts.Topics;
import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real broker and S3 server of this JVM. TTL and sweep interval are not set here: they come
 * from RETENTION_TTL and RETENTION_SWEEP_INTERVAL (see the surefire configuration), as in production.
 */
public class RetentionTestResources implements QuarkusTestResourceLifecycleManager {
    /** What an operator might have left on a topic: the service must lower it to the TTL. */
    static final long RAISED_RETENTION_MS = 7L * 24 * 3600 * 1000;
    static final String RAISED_TOPIC = Topics.EVENTS;

    @Override
    public Map<String, String> start() {
        LocalStack stack = LocalStack.shared();
        createTopicWithLongRetention(stack.bootstrapServers());
        Map<String, String> config = new HashMap<>(stack.serviceConfig());
        // Outages in tests last milliseconds to seconds; keep the retries short.
        config.put("retention.retry.attempts", "3");
        config.put("retention.retry.initial-backoff", "PT0.05S");
        config.put("retention.retry.max-backoff", "PT0.2S");
        return config;
    }

    private static void createTopicWithLongRetention(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(RAISED_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(RAISED_TOPIC, 1, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(RAISED_RETENTION_MS)))))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare topic " + RAISED_TOPIC, e);
        }
    }

    @Override
    public void stop() {
        // the stack is shared by the JVM and stops with it
    }
}
