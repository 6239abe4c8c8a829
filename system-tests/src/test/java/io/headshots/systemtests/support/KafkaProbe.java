package io.headshots.systemtests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

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

/** Raw access to the broker: send what no service would, read what the services wrote. */
public final class KafkaProbe {
    private final String bootstrap;

    public KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public void send(String topic, String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /**
     * Reads the topic from its start until {@code enough} holds for the matching records read so
     * far, or {@code timeout} passes; returns the matching records either way.
     */
    public List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !enough.test(found)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every event of the job on {@code jobs.events}, read until {@code terminalEvents} terminal
     * events were seen and the topic was then read to its end once more (or {@code timeout}).
     */
    public List<JobEvent> events(String jobId, int terminalEvents, Duration timeout) {
        return events(java.util.Set.of(jobId), terminalEvents, timeout).get(jobId);
    }

    /** {@link #events(String, int, Duration)} for several jobs in one read of the topic. */
    public java.util.Map<String, List<JobEvent>> events(java.util.Collection<String> jobIds, int terminalEventsEach,
            Duration timeout) {
        java.util.Map<String, Integer> terminalEvents = new java.util.HashMap<>();
        jobIds.forEach(id -> terminalEvents.put(id, terminalEventsEach));
        return events(terminalEvents, timeout);
    }

    /**
     * {@link #events(java.util.Collection, int, Duration)} with a count per job: reads until each job
     * has at least its number of terminal events (a job of N tasks: N), then once more to the end.
     */
    public java.util.Map<String, List<JobEvent>> events(java.util.Map<String, Integer> terminalEventsByJob,
            Duration timeout) {
        java.util.Set<String> jobIds = terminalEventsByJob.keySet();
        long[] settledAt = {0};
        List<ConsumerRecord<String, byte[]>> records = read(Topics.EVENTS, r -> jobIds.contains(r.key()), found -> {
            // Per job: a repeated terminal event of one job must not stand in for another's.
            java.util.Map<String, Long> terminal = found.stream()
                    .filter(r -> {
                        JobEvent e = Messages.fromJson(r.value(), JobEvent.class);
                        return e.type() != JobEvent.Type.TASK_STARTED && e.type() != JobEvent.Type.TASK_PROGRESS;
                    })
                    .collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::key,
                            java.util.stream.Collectors.counting()));
            if (jobIds.stream().anyMatch(id -> terminal.getOrDefault(id, 0L) < terminalEventsByJob.get(id))) {
                return false;
            }
            // A little longer, so a duplicate terminal event that follows would be seen too.
            if (settledAt[0] == 0) {
                settledAt[0] = System.nanoTime();
            }
            return System.nanoTime() - settledAt[0] > 1_500_000_000L;
        }, timeout);
        java.util.Map<String, List<JobEvent>> byJob = new java.util.HashMap<>();
        jobIds.forEach(id -> byJob.put(id, new ArrayList<>()));
        records.forEach(r -> byJob.get(r.key()).add(Messages.fromJson(r.value(), JobEvent.class)));
        return byJob;
    }
}
