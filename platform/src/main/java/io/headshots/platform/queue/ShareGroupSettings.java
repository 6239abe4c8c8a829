package io.headshots.platform.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The share group's own settings, applied by every worker at start-up (idempotent, so replicas may
 * race): tasks published before the first worker joined are delivered ({@code earliest}); the lock
 * lasts {@link QueueConfig#lockDuration()}; the broker stops delivering a record one delivery after
 * {@link QueueConfig#maxAttempts()}, the delivery on which the worker records the task failed.
 */
public final class ShareGroupSettings {
    private ShareGroupSettings() {
    }

    /** The group configs for a queue configured so. */
    static Map<String, String> of(QueueConfig config) {
        if (config.maxAttempts() < 1 || config.maxAttempts() > 9) {
            throw new IllegalArgumentException("headshots.queue.max-attempts must be 1..9, not " + config.maxAttempts());
        }
        return Map.of(
                "share.auto.offset.reset", "earliest",
                "share.record.lock.duration.ms", String.valueOf(config.lockDuration().toMillis()),
                "share.delivery.count.limit", String.valueOf(config.maxAttempts() + 1));
    }

    public static void apply(String bootstrapServers, String groupId, QueueConfig config) {
        List<AlterConfigOp> ops = of(config).entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, groupId), ops))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("share group " + groupId + " could not be configured: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("share group " + groupId + " could not be configured: " + e, e);
        }
    }
}
