package io.headshots.gateway.events;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tracks which partitions of {@code jobs.events} this replica reads. Until it has them all it would
 * miss events, so readiness waits for it. On assignment the positions are resolved at once: with
 * {@code auto.offset.reset=latest} an event published after this point is never skipped.
 */
@ApplicationScoped
@Identifier(JobEventsAssignment.NAME)
public class JobEventsAssignment implements KafkaConsumerRebalanceListener {
    public static final String NAME = "job-events-assignment";

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** Whether this replica currently reads any partition of the events topic. */
    public boolean isAssigned() {
        return !assigned.isEmpty();
    }

    public int partitions() {
        return assigned.size();
    }
}
