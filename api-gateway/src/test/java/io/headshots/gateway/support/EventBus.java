package io.headshots.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.contracts.Topics;
import io.headshots.localstack.LocalStack;

/** Plays the worker's side of Kafka in tests: reads task topics, publishes job events. */
public final class EventBus {
    private EventBus() {
    }

    public static void publish(JobEvent event) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, event.jobId(), Messages.toJson(event)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a job event", e);
        }
    }

    public static void publish(JobEvent.Type type, String jobId, String taskId, int done, int total) {
        publish(new JobEvent(JobEvent.VERSION, jobId, taskId, type, done, total, null, null, null, Instant.now()));
    }

    /** Every record of the job on the topic, read from the beginning for {@code during}. */
    public static List<ConsumerRecord<String, byte[]>> all(String topic, String jobId, Duration during) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(during);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(record.key()) || record.key() != null && record.key().startsWith(jobId + "/")) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** The record keyed by the job id on the topic, read from the beginning by a fresh group. */
    public static Optional<ConsumerRecord<String, byte[]>> find(String topic, String jobId, Duration within) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(within);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    // Events are keyed by job id, tasks by job and task id (Messages.taskKey).
                    if (jobId.equals(record.key()) || record.key() != null && record.key().startsWith(jobId + "/")) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }
}
