package io.headshots.platform.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.headshots.contracts.Lane;
import io.headshots.contracts.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Pending tasks per queue and lane: records of the lane's topic that its share group has not yet
 * acknowledged (share-group lag: waiting plus in flight). A partition the group has never read counts
 * whole, since the group starts at the earliest offset. This is what the autoscaler scales workers on,
 * so it is exported by the gateway, which runs even when a worker kind is scaled to zero; replicas
 * export the same number (dashboards take the max). An unreadable broker shows as NaN, not as 0.
 */
public final class QueueDepth implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueDepth.class);

    /** A queue whose depth is exported: its metric name, share group and lane topics. */
    public record Watched(String queue, String groupId, Map<Lane, String> topics) {
    }

    /**
     * The system's queues, read by the share groups the workers join: generate and upscale in two
     * lanes, and the generator's identity checks after upscaling (premium only).
     */
    public static final List<Watched> SYSTEM = List.of(
            new Watched("generate", "generator-worker",
                    Map.of(Lane.FREE, Topics.generate(Lane.FREE), Lane.PREMIUM, Topics.generate(Lane.PREMIUM))),
            new Watched("upscale", "upscaler-worker",
                    Map.of(Lane.FREE, Topics.upscale(Lane.FREE), Lane.PREMIUM, Topics.upscale(Lane.PREMIUM))),
            new Watched("verify", "generator-verifier", Map.of(Lane.PREMIUM, Topics.VERIFY_PREMIUM)));

    private final Admin admin;
    private final List<Watched> watched;
    private final Map<String, AtomicReference<Double>> pending = new HashMap<>();

    public QueueDepth(String bootstrapServers, List<Watched> watched, MeterRegistry registry) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        this.watched = List.copyOf(watched);
        for (Watched queue : watched) {
            queue.topics().forEach((lane, topic) -> {
                AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
                pending.put(topic, value);
                Gauge.builder("headshots.queue.pending.tasks", value, AtomicReference::get)
                        .description("Tasks published and not yet acknowledged by the queue's share group")
                        .tag("queue", queue.queue()).tag("lane", lane.wireName())
                        .register(registry);
            });
        }
    }

    /** Pending tasks of a topic as last read; NaN before the first read or after a failed one. */
    public double pending(String topic) {
        return pending.get(topic).get();
    }

    /** Reads every watched topic's depth from the broker. */
    public void refresh() {
        for (Watched queue : watched) {
            for (String topic : queue.topics().values()) {
                try {
                    pending.get(topic).set((double) read(queue.groupId(), topic));
                } catch (Exception e) {
                    pending.get(topic).set(Double.NaN);
                    LOG.debugf("queue depth of %s unknown: %s", topic, e.getMessage());
                }
            }
        }
    }

    private long read(String groupId, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic);
        Set<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                Map.of(groupId, new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
                .partitionsToOffsetInfo(groupId).get(10, TimeUnit.SECONDS);
        long total = 0;
        Map<TopicPartition, OffsetSpec> unread = new HashMap<>();
        for (TopicPartition partition : partitions) {
            SharePartitionOffsetInfo info = offsets.get(partition);
            if (info != null && info.lag().isPresent()) {
                total += info.lag().get();
            } else {
                unread.put(partition, OffsetSpec.latest());
            }
        }
        if (!unread.isEmpty()) {
            var latest = admin.listOffsets(unread).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
            unread.keySet().forEach(p -> earliestSpec.put(p, OffsetSpec.earliest()));
            var earliest = admin.listOffsets(earliestSpec).all().get(10, TimeUnit.SECONDS);
            for (TopicPartition partition : unread.keySet()) {
                total += latest.get(partition).offset() - earliest.get(partition).offset();
            }
        }
        return total;
    }

    @Override
    public void close() {
        admin.close();
    }
}
