package io.headshots.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.Lane;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.kafka.TopicPlan;
import io.headshots.platform.kafka.TopicProvisioner;
import io.headshots.platform.worker.TaskInterrupted;
import io.headshots.platform.worker.TaskIntake;
import io.headshots.platform.worker.TaskWork;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The work queue against a real broker: several workers share a one-partition topic, a task longer
 * than its lock runs once, a dead worker's task comes back and is bounded, premium goes first.
 * Each test has topics and a share group of its own.
 */
class TaskQueueTests {
    private static final Duration LOCK = Duration.ofSeconds(2);
    private static final int MAX_ATTEMPTS = 2;

    private final String bootstrap = LocalStack.shared().bootstrapServers();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String freeTopic = "test.tasks." + suffix;
    private final String premiumTopic = "test.tasks.premium." + suffix;
    private final String group = "test-workers-" + suffix;
    private final String jobId = new JobIds(Clock.systemUTC()).next();
    private final List<TaskQueue<UpscaleTask>> queues = new ArrayList<>();

    TaskQueueTests() {
        TopicProvisioner.apply(bootstrap, List.of(
                new TopicPlan(freeTopic, 1, (short) 1, Topics.MAX_RETENTION_MS),
                new TopicPlan(Topics.deadLetter(freeTopic), 1, (short) 1, Topics.MAX_RETENTION_MS),
                new TopicPlan(premiumTopic, 1, (short) 1, Topics.MAX_RETENTION_MS),
                new TopicPlan(Topics.deadLetter(premiumTopic), 1, (short) 1, Topics.MAX_RETENTION_MS)));
    }

    @AfterEach
    void stopQueues() {
        queues.forEach(q -> q.stop(Duration.ofSeconds(10)));
    }

    @Test
    void threeWorkersShareOnePartitionAndDoEachTaskOnce() {
        Map<String, List<String>> doneBy = new ConcurrentHashMap<>();
        for (int w = 1; w <= 3; w++) {
            String worker = "w" + w;
            start(new Work(task -> {
                sleep(Duration.ofMillis(700));
                doneBy.computeIfAbsent(task.taskId(), k -> new CopyOnWriteArrayList<>()).add(worker);
            }), 1);
        }

        publish(freeTopic, 12);

        await().atMost(60, TimeUnit.SECONDS).until(() -> doneBy.size() == 12);
        sleep(LOCK.multipliedBy(2)); // a duplicate would show up by now
        assertThat(doneBy.values()).allSatisfy(workers -> assertThat(workers).hasSize(1));
        Set<String> busyWorkers = ConcurrentHashMap.newKeySet();
        doneBy.values().forEach(busyWorkers::addAll);
        assertThat(busyWorkers).as("workers that did tasks").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aTaskLongerThanItsLockRunsExactlyOnceWhileAnotherWorkerWaits() {
        List<String> runs = new CopyOnWriteArrayList<>();
        Consumer<UpscaleTask> slow = task -> {
            runs.add(task.taskId());
            sleep(LOCK.multipliedBy(4));
        };
        start(new Work(slow), 1);
        publish(freeTopic, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> runs.size() == 1);
        start(new Work(slow), 1); // idle the whole time: it would take the task if the lock lapsed

        sleep(LOCK.multipliedBy(6));

        assertThat(runs).hasSize(1);
        assertThat(pendingOnTheBroker()).as("acknowledged, so nothing is left to deliver").isTrue();
    }

    @Test
    void aDeadWorkersTaskIsDeliveredAgainWithinAboutOneLock() {
        publish(freeTopic, 1);
        abandonOne(freeTopic); // takes the task and never answers: a worker killed mid-task
        long abandonedAt = System.nanoTime();
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        Work work = new Work(task -> deliveries.add(1));
        start(work, 1);

        await().atMost(30, TimeUnit.SECONDS).until(() -> deliveries.size() == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - abandonedAt)).isLessThan(LOCK.multipliedBy(4));
        assertThat(work.failures).isEmpty();
    }

    @Test
    void aTaskThatKillsEveryWorkerIsRecordedWorkerCrashedAndDeadLetteredAfterTheLimit() {
        publish(freeTopic, 2);
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            abandonOne(freeTopic); // the first task, each time: the worker that takes it dies
        }
        Work work = new Work(task -> { });
        start(work, 1);

        await().atMost(60, TimeUnit.SECONDS).until(() -> work.failures.size() == 1 && work.done.size() == 1);

        assertThat(work.failures.get(0)).isEqualTo("t0:worker_crashed");
        assertThat(work.done).containsExactly("t1"); // the other task kept flowing
        ConsumerRecord<String, byte[]> dead = readOne(Topics.deadLetter(freeTopic));
        assertThat(header(dead, "dead-letter-reason"))
                .isEqualTo("worker_crashed: delivered " + MAX_ATTEMPTS + " times without a result");
        assertThat(Messages.decodeTask(dead.value(), UpscaleTask.class).taskId()).isEqualTo("t0");
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndTheQueueKeepsFlowing() {
        send(freeTopic, "garbage".getBytes(StandardCharsets.UTF_8));
        publish(freeTopic, 1);
        Work work = new Work(task -> { });
        start(work, 1);

        await().atMost(30, TimeUnit.SECONDS).until(() -> work.done.size() == 1);

        assertThat(header(readOne(Topics.deadLetter(freeTopic)), "dead-letter-reason")).isNotBlank();
    }

    @Test
    void aTaskHandedBackByAStoppingWorkerIsDoneByAnother() {
        List<String> starts = new CopyOnWriteArrayList<>();
        Work[] stopping = new Work[1];
        stopping[0] = new Work(task -> {
            // SIGTERM in the middle of the task: the worker stops, the task stops with it.
            starts.add("first");
            stopping[0].stopping = true;
            throw new TaskInterrupted("worker stopping");
        });
        TaskQueue<UpscaleTask> first = start(stopping[0], 1);
        publish(freeTopic, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !starts.isEmpty());
        first.stop(Duration.ofSeconds(10));

        Work next = new Work(task -> { });
        start(next, 1);

        await().atMost(30, TimeUnit.SECONDS).until(() -> next.done.size() == 1);
        assertThat(next.failures).isEmpty();
        assertThat(starts).as("the stopping worker took the task once, and nothing after").hasSize(1);
    }

    @Test
    void aDrainingWorkerFinishesItsRunningTaskAndTakesNoOther() {
        List<String> firstTook = new CopyOnWriteArrayList<>();
        Work first = new Work(task -> {
            firstTook.add(task.taskId());
            sleep(Duration.ofSeconds(3)); // longer than the lock: renewed, not handed back
        });
        TaskQueue<UpscaleTask> draining = start(first, 1);
        publish(freeTopic, 3);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !firstTook.isEmpty());

        boolean idle = draining.drain(Duration.ofSeconds(20));
        Work next = new Work(task -> { });
        start(next, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> next.done.size() == 2);

        assertThat(idle).as("no task running once the drain returned").isTrue();
        assertThat(first.done).as("the running task was finished, not handed back").hasSize(1);
        assertThat(firstTook).as("the draining worker took nothing after the drain began").hasSize(1);
        assertThat(first.failures).isEmpty();
    }

    @Test
    void premiumTasksGoBeforeAFreeBacklogAndFreeWorkStillCompletes() {
        List<String> order = new CopyOnWriteArrayList<>();
        Work work = new Work(task -> {
            order.add(task.taskId());
            sleep(Duration.ofMillis(400));
        });
        publish(freeTopic, 6, "free-");
        start(work, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !order.isEmpty());

        publish(premiumTopic, 2, "premium-");
        await().atMost(60, TimeUnit.SECONDS).until(() -> order.size() == 8);

        int firstPremium = order.indexOf("premium-0");
        int freeDoneBeforeIt = (int) order.subList(0, firstPremium).stream().filter(t -> t.startsWith("free-")).count();
        // The one running when premium arrived, and at most one more taken in the same instant.
        assertThat(freeDoneBeforeIt).as("free tasks before the premium one: " + order).isLessThanOrEqualTo(2);
        assertThat(order).contains("free-0", "free-1", "free-2", "free-3", "free-4", "free-5");
    }

    @Test
    void aTaskCaughtByABusyWorkersIdleLaneIsKeptLockedAndRunOnItsFirstDelivery() {
        // The worker asks premium (empty) before it takes the long free task; the client keeps that
        // premium fetch out, so the premium task published meanwhile is acquired by this busy worker.
        List<String> order = new CopyOnWriteArrayList<>();
        Work work = new Work(task -> {
            order.add(task.taskId());
            if (task.taskId().startsWith("long-")) {
                sleep(LOCK.multipliedBy(4));
            }
        });
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        start(work, 1, metrics);
        publish(freeTopic, 1, "long-");
        await().atMost(30, TimeUnit.SECONDS).until(() -> order.contains("long-0"));
        publish(premiumTopic, 1, "premium-");

        await().atMost(60, TimeUnit.SECONDS).until(() -> work.done.contains("premium-0"));

        assertThat(order).containsExactly("long-0", "premium-0");
        assertThat(metrics.get("headshots.task.redeliveries").tag("lane", "premium").counter().count())
                .as("deliveries spent while the task waited for its worker (its lock lapsing)").isZero();
        assertThat(work.failures).isEmpty();
    }

    @Test
    void aWorkerBusyLongerThanALockLeavesItsIdleLaneSoAnIdleWorkerTakesWhatComes() {
        List<String> byBusy = new CopyOnWriteArrayList<>();
        Work busy = new Work(task -> {
            byBusy.add(task.taskId());
            if (task.taskId().startsWith("long-")) {
                sleep(LOCK.multipliedBy(8));
            }
        });
        start(busy, 1);
        publish(freeTopic, 1, "long-");
        await().atMost(30, TimeUnit.SECONDS).until(() -> byBusy.contains("long-0"));
        Work idle = new Work(task -> { });
        start(idle, 1);
        // Past one lock (and a renewal) into the long task, the busy worker's premium lane, armed by
        // its empty poll before it took the free task, has left the group.
        sleep(LOCK.multipliedBy(2));

        publish(premiumTopic, 4, "premium-");

        await().atMost(30, TimeUnit.SECONDS).until(() -> idle.done.size() == 4);
        assertThat(busy.done).as("the busy worker is still on its long task").isEmpty();
        assertThat(byBusy).as("what the busy worker ran").containsExactly("long-0");
        assertThat(idle.done).containsExactlyInAnyOrder("premium-0", "premium-1", "premium-2", "premium-3");
    }

    @Test
    void queueDepthCountsTasksUntilAWorkerAcknowledgesThem() {
        publish(freeTopic, 3);
        publish(premiumTopic, 1);
        try (QueueDepth depth = depth()) {
            depth.refresh();
            assertThat(depth.pending(freeTopic)).isEqualTo(3);
            assertThat(depth.pending(premiumTopic)).isEqualTo(1);

            Work work = new Work(task -> { });
            start(work, 1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> work.done.size() == 4);

            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                depth.refresh();
                assertThat(depth.pending(freeTopic)).isZero();
                assertThat(depth.pending(premiumTopic)).isZero();
            });
        }
    }

    // --- helpers

    private QueueDepth depth() {
        return new QueueDepth(bootstrap, List.of(new QueueDepth.Watched("test", group,
                Map.of(Lane.FREE, freeTopic, Lane.PREMIUM, premiumTopic))), new SimpleMeterRegistry());
    }

    private TaskQueue<UpscaleTask> start(Work work, int slots) {
        return start(work, slots, new SimpleMeterRegistry());
    }

    private TaskQueue<UpscaleTask> start(Work work, int slots, SimpleMeterRegistry metrics) {
        QueueMetrics queueMetrics = new QueueMetrics("test", metrics);
        TaskIntake<UpscaleTask> intake = new TaskIntake<>(UpscaleTask.class, work, MAX_ATTEMPTS,
                metrics.counter("test.dead.letters"), queueMetrics.exhausted());
        TaskQueue<UpscaleTask> queue = new TaskQueue<>(
                new TaskQueue.Spec("test", group, Map.of(Lane.FREE, freeTopic, Lane.PREMIUM, premiumTopic), slots),
                config(), bootstrap, intake, queueMetrics);
        queue.start();
        queues.add(queue);
        return queue;
    }

    private static QueueConfig config() {
        return new TestQueueConfig(LOCK, MAX_ATTEMPTS);
    }

    private void publish(String topic, int count) {
        publish(topic, count, "t");
    }

    private void publish(String topic, int count, String prefix) {
        for (int i = 0; i < count; i++) {
            UpscaleTask task = new UpscaleTask(UpscaleTask.VERSION, jobId, prefix + i,
                    StorageKeys.input(jobId, "png"), StorageKeys.upscaled(jobId, "o" + i, "png"), "o" + i,
                    "realesrgan-x4fast", 4, 0, 0, "png", Instant.now());
            send(topic, Messages.toJson(task));
        }
    }

    private void send(String topic, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A worker that takes one task of the group and dies with it: no acknowledgement, no close. */
    private void abandonOne(String topic) {
        ShareGroupSettings.apply(bootstrap, group, config());
        KafkaShareConsumer<String, byte[]> doomed = new KafkaShareConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new StringDeserializer(), new ByteArrayDeserializer());
        doomed.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!doomed.poll(Duration.ofMillis(500)).isEmpty()) {
                return; // left open and silent: its lock lapses as a killed worker's would
            }
        }
        throw new AssertionError("the doomed worker got no task");
    }

    private boolean pendingOnTheBroker() {
        try (QueueDepth depth = depth()) {
            depth.refresh();
            return depth.pending(freeTopic) == 0;
        }
    }

    private ConsumerRecord<String, byte[]> readOne(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("nothing on " + topic);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A worker's task handling, reduced to a behaviour and a record of what it did. */
    private static final class Work implements TaskWork<UpscaleTask, String> {
        final List<String> done = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final Consumer<UpscaleTask> behaviour;
        volatile boolean stopping;

        Work(Consumer<UpscaleTask> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public String handle(UpscaleTask task) {
            behaviour.accept(task);
            done.add(task.taskId());
            return "done";
        }

        @Override
        public boolean isFailure(String outcome) {
            return false;
        }

        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public void recordFailure(UpscaleTask task, String code, String message) {
            failures.add(task.taskId() + ":" + code);
        }
    }
}
