package io.headshots.platform.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.headshots.contracts.Topics;

/**
 * Copies a task record to its topic's dead-letter topic ({@link Topics#deadLetter}) with the reason
 * as a header, and waits for the broker: only then is the original rejected.
 */
final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String REASON_HEADER = "dead-letter-reason";
    static final String TOPIC_HEADER = "dead-letter-topic";
    static final String DELIVERY_COUNT_HEADER = "dead-letter-delivery-count";

    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    DeadLetters(String bootstrapServers, Duration timeout) {
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "dead-letters-" + ProcessHandle.current().pid(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis() / 2, 30_000),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** False when the broker did not take the copy in time: the original must then not be rejected. */
    boolean send(ConsumerRecord<String, byte[]> record, int deliveryCount, String reason) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(),
                record.value());
        copy.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add(TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        copy.headers().add(DELIVERY_COUNT_HEADER, String.valueOf(deliveryCount).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(copy).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.errorf("dead-letter copy not stored, the task is handed back instead: %s", e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
