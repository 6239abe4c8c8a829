package io.headshots.platform.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.headshots.contracts.Lane;
import io.headshots.contracts.TaskMessage;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.TaskIntake;
import io.headshots.platform.worker.TaskIntake.Disposition;
import io.opentelemetry.api.trace.Span;

/**
 * A worker's side of the work queue: Kafka share groups (KIP-932), one lane topic each for free and
 * premium work. Every slot (a task this worker can run at once) owns one {@link KafkaShareConsumer}
 * per lane, in explicit acknowledgement mode, acquiring one record at a time ({@code record_limit},
 * {@code max.poll.records=1}): a worker holds what it runs and at most one task per idle lane
 * (below), so an idle worker anywhere in the fleet takes the next task, however few partitions the
 * topic has.
 *
 * <p>While a task runs, its slot renews the record's lock every third of the lock duration
 * ({@code RENEW} sent by {@code commitSync}, then a zero-time poll that hands the renewed record
 * back). Renewing through a regular poll would piggyback a fetch and acquire another record that
 * nobody runs until its lock expires; renewing through commit does not. When the task ends, the
 * record is acknowledged as {@link TaskIntake} decided (ACCEPT, REJECT, RELEASE) and the
 * acknowledgement is sent at once.
 *
 * <p>A poll that finds nothing does not end the consumer's fetching: the client (4.3) keeps a share
 * fetch out until one acquires a record, whether or not the application polls again. So a lane the
 * slot asked in vain stays <em>armed</em> while the slot runs another lane's task, and can acquire a
 * task then. Left in the buffer, that task would wait out its lock and come back with one delivery
 * spent, and a fleet whose busy workers keep catching each new task could spend them all and record
 * the task {@code worker_crashed} while no worker ever died. The slot therefore collects what an
 * armed consumer caught, at each task start and each renewal, keeps its lock renewed, and runs it
 * at that lane's next turn: it waits for at most the lane order, on its first delivery. An armed
 * lane that caught nothing one lock duration into a task leaves the group until its next poll.
 */
public final class TaskQueue<T extends TaskMessage> {
    private static final Logger LOG = Logger.getLogger(TaskQueue.class);

    /**
     * What one worker kind consumes.
     *
     * @param queue   the kind's name in metrics and thread names: {@code generate}, {@code upscale}
     * @param groupId the share group every replica of the kind joins
     * @param topics  the topic of each lane: both lanes, or the premium lane alone
     * @param slots   tasks this worker runs at once
     */
    public record Spec(String queue, String groupId, Map<Lane, String> topics, int slots) {
        public Spec {
            topics = Map.copyOf(topics);
            // A queue of one lane is premium work only (the generator's identity checks after upscaling).
            if (!topics.containsKey(Lane.PREMIUM)) {
                throw new IllegalArgumentException("a queue needs a premium topic (and a free one, or none): " + topics);
            }
            if (slots < 1) {
                throw new IllegalArgumentException("slots must be at least 1");
            }
        }
    }

    private final Spec spec;
    private final QueueConfig config;
    private final String bootstrapServers;
    private final TaskIntake<T> intake;
    private final QueueMetrics metrics;
    private final TaskTracing tracing;
    private final List<Thread> slots = new ArrayList<>();
    private DeadLetters deadLetters;
    private volatile boolean stopping;
    private volatile boolean draining;

    /** A queue whose tasks start no trace (tests of the queue alone). */
    public TaskQueue(Spec spec, QueueConfig config, String bootstrapServers, TaskIntake<T> intake,
            QueueMetrics metrics) {
        this(spec, config, bootstrapServers, intake, metrics, TaskTracing.disabled());
    }

    /** @param tracing continues each task's trace from its record's headers ({@link TaskTracing}) */
    public TaskQueue(Spec spec, QueueConfig config, String bootstrapServers, TaskIntake<T> intake,
            QueueMetrics metrics, TaskTracing tracing) {
        this.spec = spec;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.intake = intake;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** Starts taking tasks; the slots configure the share group first, waiting for the broker if need be. */
    public synchronized void start() {
        deadLetters = new DeadLetters(bootstrapServers, Duration.ofSeconds(30));
        for (int i = 1; i <= spec.slots(); i++) {
            Thread thread = new Thread(new Slot(i), spec.queue() + "-slot-" + i);
            thread.start();
            slots.add(thread);
        }
        LOG.infof("taking %s tasks from %s in share group %s with %d slot(s)", spec.queue(), spec.topics().values(),
                spec.groupId(), spec.slots());
    }

    /** True while every slot is taking or running tasks. */
    public boolean running() {
        return !stopping && !slots.isEmpty() && slots.stream().allMatch(Thread::isAlive);
    }

    /**
     * Takes no new task but lets the running ones finish (no hand-back), and waits up to {@code max}
     * for them: what a Kubernetes preStop asks before the SIGTERM, so that a long task within the pod's
     * grace period is finished rather than handed back and done again elsewhere. Irreversible: the
     * worker is on its way out.
     *
     * @return true when no task was running any more within {@code max}
     */
    public boolean drain(Duration max) {
        draining = true;
        long deadline = System.nanoTime() + max.toNanos();
        while (metrics.inFlight() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleepQuietly(Duration.ofMillis(100));
        }
        return true;
    }

    /**
     * Takes no more tasks; waits up to {@code drain} for the running ones to be acknowledged (finished,
     * or handed back by a stopping worker). Whatever is still acquired then is released by the close.
     *
     * @return true when every slot stopped in time
     */
    public synchronized boolean stop(Duration drain) {
        stopping = true;
        long deadline = System.nanoTime() + drain.toNanos();
        boolean stopped = true;
        for (Thread slot : slots) {
            try {
                slot.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped &= !slot.isAlive();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        return stopped;
    }

    private boolean groupConfigured;

    /** Applies {@link ShareGroupSettings} once per start, retrying while the broker is unreachable. */
    private synchronized void configureGroup() {
        while (!groupConfigured && !stopping) {
            try {
                ShareGroupSettings.apply(bootstrapServers, spec.groupId(), config);
                groupConfigured = true;
            } catch (IllegalStateException e) {
                LOG.warnf("%s; retrying", e.getMessage());
                sleepQuietly(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * A consumer of {@code topics} for one slot. Its share fetch waits at the broker up to
     * {@link #FETCH_WAIT} while there is nothing, and a record that arrives meanwhile answers it at
     * once: the wait sets how often an armed consumer asks, not how soon it gets a task.
     */
    private KafkaShareConsumer<String, byte[]> consumer(String name, List<String> topics, int slot) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG,
                spec.queue() + "-" + name + "-" + slot + "-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        props.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_WAIT.toMillis());
        // While a slot runs a task it polls the consumer that holds the task (to renew it) and the
        // armed ones (to collect what they caught). Its other consumers leave the group after this
        // long unpolled, so that partitions assigned to them alone (fewer members than partitions)
        // go to idle workers instead of waiting for this one; they rejoin at their next poll.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) UNPOLLED_LEAVE_AFTER.toMillis());
        KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        Set<String> completed = new HashSet<>();
        // Runs on the slot's thread, inside commitSync or poll, as the client applies completed acks.
        consumer.setAcknowledgementCommitCallback((offsets, error) -> offsets.forEach((partition, done) -> done
                .forEach(offset -> completed.add(recordId(partition.topic(), partition.partition(), offset)))));
        completedAcks.put(consumer, completed);
        consumer.subscribe(topics);
        return consumer;
    }

    /** Per consumer, the records whose acknowledgements (renewals included) the client has applied. */
    private final Map<KafkaShareConsumer<String, byte[]>, Set<String>> completedAcks =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private static String recordId(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static String recordId(ConsumerRecord<String, byte[]> record) {
        return recordId(record.topic(), record.partition(), record.offset());
    }

    /**
     * How long a share fetch waits at the broker for a record. An armed consumer (see the class
     * comment) sends one after another until it acquires a record, so this is what an idle lane
     * costs: an armed consumer's own thread used 7.5 ms of CPU a second with the 30 ms of the old
     * per-poll waits and 1.3 ms with 500 ms (C1, 12 idle consumers), and in the capacity benchmark at
     * W = 12 the workers' consumer threads and the broker's request threads fell from 4.3 to 2.2
     * CPU-seconds of the batch's ~17. It must stay well under a third of the lock: acknowledgements
     * to the broker wait behind an outstanding fetch.
     */
    static final Duration FETCH_WAIT = Duration.ofMillis(500);

    /** How long a consumer stays in the group unpolled (see {@link #consumer}). */
    static final Duration UNPOLLED_LEAVE_AFTER = Duration.ofSeconds(30);

    /**
     * How long one poll of a lane waits when the lane is empty (a lane with work answers at once).
     * Premium is asked before every free task, so an empty premium lane must answer quickly: a short
     * poll. The free lane is where an idle worker mostly waits: {@link QueueConfig#idlePoll()}.
     */
    Duration pollTime(Lane lane) {
        if (spec.topics().size() == 1) {
            // Nothing else to ask: wait long, so an idle slot wakes once a second, not twenty times (the
            // generator's verify queue is such a slot on every worker). A record still comes at once.
            return config.idlePoll().compareTo(SINGLE_LANE_WAIT) > 0 ? config.idlePoll() : SINGLE_LANE_WAIT;
        }
        return lane == Lane.PREMIUM ? PREMIUM_PROBE : config.idlePoll();
    }

    /** How long a queue of one lane waits on it when it is empty. */
    static final Duration SINGLE_LANE_WAIT = Duration.ofSeconds(1);

    /** An empty premium lane costs a free task this much (a premium task already fetched is handed over at once). */
    static final Duration PREMIUM_PROBE = Duration.ofMillis(40);

    /**
     * One task at a time. Each round the slot asks the lanes in {@link LaneOrder} (premium first), one
     * poll each ({@link #pollTime}, answered at once when the lane has work), and runs the first task
     * it gets. While a task runs only its own consumer is polled (to renew it).
     */
    private final class Slot implements Runnable {
        private final int number;
        private final Map<Lane, KafkaShareConsumer<String, byte[]>> lanes = new EnumMap<>(Lane.class);
        private final Map<Lane, Long> lastPolled = new EnumMap<>(Lane.class);
        /** Lanes whose consumer's last poll found nothing: its fetch is still out (class comment). */
        private final Set<Lane> armed = EnumSet.noneOf(Lane.class);
        /** Tasks an armed consumer caught while the slot ran another lane's task; run at their lane's turn. */
        private final Map<Lane, Held> caught = new EnumMap<>(Lane.class);
        /** Lanes whose consumer left the group during a long task (see {@link #keepCaught}); rejoin at their next poll. */
        private final Set<Lane> left = EnumSet.noneOf(Lane.class);
        private final LaneOrder order = new LaneOrder(config.premiumWeight());
        private final ExecutorService runner;

        Slot(int number) {
            this.number = number;
            this.runner = Executors.newSingleThreadExecutor(r -> new Thread(r, spec.queue() + "-task-" + number));
        }

        @Override
        public void run() {
            try {
                configureGroup();
                for (Lane lane : Lane.values()) {
                    if (!spec.topics().containsKey(lane)) {
                        continue; // a queue of the premium lane alone
                    }
                    lanes.put(lane, consumer(lane.wireName(), List.of(spec.topics().get(lane)), number));
                    lastPolled.put(lane, System.nanoTime());
                }
                // The worker's own stop signal (its handler saw the shutdown) ends the loop too, so a
                // task handed back at shutdown is not taken again by the same worker meanwhile.
                while (!stopping && !intake.stopping()) {
                    if (draining) {
                        // What the slot caught goes back now, for another worker; a record an armed
                        // consumer catches from here on is released by the close at stop.
                        handBackCaught();
                        sleepQuietly(config.idlePoll());
                        continue;
                    }
                    takeByPriority();
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s slot %d stopped", spec.queue(), number);
            } finally {
                handBackCaught();
                runner.shutdownNow();
                // Close acknowledges what was acknowledged and releases anything still acquired.
                lanes.values().forEach(c -> {
                    try {
                        c.close(Duration.ofSeconds(10));
                    } catch (RuntimeException e) {
                        LOG.warnf("closing a task consumer: %s", e.getMessage());
                    }
                });
            }
        }

        /** Asks each lane in order; true when one had a task (now done). */
        private boolean takeByPriority() {
            for (Lane lane : order.next()) {
                if (stopping || draining || intake.stopping()) {
                    return false;
                }
                if (!lanes.containsKey(lane)) {
                    continue; // a queue without this lane
                }
                if (take(lane)) {
                    return true;
                }
            }
            return false;
        }

        /** Runs what the lane's consumer caught earlier, or polls the lane once and runs what came. True when a task ran. */
        private boolean take(Lane lane) {
            KafkaShareConsumer<String, byte[]> consumer = lanes.get(lane);
            Held early = caught.remove(lane);
            if (early != null && !early.unacknowledged().isEmpty()) {
                order.took(lane);
                runAll(lane, consumer, early);
                return true;
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            try {
                if (left.remove(lane)) {
                    consumer.subscribe(List.of(spec.topics().get(lane)));
                }
                releaseWhatWaitedTooLong(lane, consumer);
                consumer.poll(pollTime(lane)).forEach(records::add);
                lastPolled.put(lane, System.nanoTime());
            } catch (KafkaException e) {
                LOG.warnf("polling the %s queue: %s", spec.queue(), e.getMessage());
                sleepQuietly(config.idlePoll());
                return false;
            }
            if (records.isEmpty()) {
                armed.add(lane);
                return false;
            }
            armed.remove(lane);
            order.took(lane);
            runAll(lane, consumer, new Held(records));
            return true;
        }

        /**
         * Collects what the other lanes' armed consumers caught and keeps every caught task locked
         * (renewed at least every third of the lock), while the slot runs a task of {@code running}
         * that started at {@code startedAt} (System.nanoTime).
         *
         * <p>Once the task has run one lock duration, an armed consumer that caught nothing leaves the
         * group: it would otherwise stay armed for the rest of a long task, and with fewer consumers
         * than partitions the partitions assigned to it alone would wait for this worker. It rejoins
         * at its lane's next poll; short tasks, the common case, never pay that churn.
         */
        private void keepCaught(Lane running, long startedAt) {
            long renewEveryNanos = renewEvery().toNanos();
            boolean longTask = System.nanoTime() - startedAt >= config.lockDuration().toNanos();
            for (Map.Entry<Lane, KafkaShareConsumer<String, byte[]>> entry : lanes.entrySet()) {
                Lane lane = entry.getKey();
                KafkaShareConsumer<String, byte[]> consumer = entry.getValue();
                if (lane == running) {
                    continue;
                }
                Held early = caught.get(lane);
                if (early == null && armed.contains(lane)) {
                    List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
                    try {
                        consumer.poll(Duration.ZERO).forEach(got::add);
                        lastPolled.put(lane, System.nanoTime());
                    } catch (KafkaException e) {
                        LOG.warnf("collecting from the %s queue: %s", spec.queue(), e.getMessage());
                        continue;
                    }
                    if (got.isEmpty()) {
                        if (longTask) {
                            leave(lane, consumer);
                        }
                        continue;
                    }
                    armed.remove(lane);
                    early = new Held(got);
                    caught.put(lane, early);
                    // When it was acquired is unknown (any time since the last look): renew at once.
                    renewCaught(consumer, early);
                } else if (early != null && System.nanoTime() - early.renewedAt >= renewEveryNanos) {
                    renewCaught(consumer, early);
                }
            }
        }

        /** Leaves the group (which ends the consumer's fetching); the lane rejoins at its next poll. */
        private void leave(Lane lane, KafkaShareConsumer<String, byte[]> consumer) {
            try {
                consumer.unsubscribe();
            } catch (KafkaException e) {
                LOG.warnf("leaving the %s queue's %s lane: %s", spec.queue(), lane.wireName(), e.getMessage());
            }
            armed.remove(lane);
            left.add(lane);
        }

        private void renewCaught(KafkaShareConsumer<String, byte[]> consumer, Held early) {
            renew(consumer, early);
            early.renewedAt = System.nanoTime();
            // A caught task whose lock was lost is another worker's (or nobody's) now: never run here.
            // Acknowledging it (the broker refuses; the record is not ours) clears it from the client.
            for (ConsumerRecord<String, byte[]> record : early.records) {
                if (early.lost(record) && early.clear(record)) {
                    try {
                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                    } catch (IllegalStateException e) {
                        LOG.debugf("clearing a lost %s task: %s", spec.queue(), e.getMessage());
                    }
                }
            }
        }

        /** Releases every caught task at once (drain, stop): another worker runs it without waiting for its lock. */
        private void handBackCaught() {
            caught.forEach((lane, early) -> {
                KafkaShareConsumer<String, byte[]> consumer = lanes.get(lane);
                try {
                    early.unacknowledged().forEach(r -> consumer.acknowledge(r, AcknowledgeType.RELEASE));
                    consumer.commitSync(config.lockDuration().dividedBy(3));
                } catch (IllegalStateException | KafkaException e) {
                    LOG.warnf("handing back a caught %s task: %s", spec.queue(), e.getMessage());
                }
            });
            caught.clear();
        }

        private Duration renewEvery() {
            return Duration.ofMillis(Math.max(100, config.lockDuration().toMillis() / 3));
        }

        /**
         * A safety net behind {@link #keepCaught}: should a record still have waited in the consumer's
         * buffer for more than half a lock, it may have lost its lock and be another worker's by now:
         * it is released unrun (the broker refuses the release if it is not ours any more).
         */
        private void releaseWhatWaitedTooLong(Lane lane, KafkaShareConsumer<String, byte[]> consumer) {
            if (System.nanoTime() - lastPolled.get(lane) < config.lockDuration().dividedBy(2).toNanos()) {
                return;
            }
            boolean released = false;
            for (ConsumerRecord<String, byte[]> stale : consumer.poll(Duration.ZERO)) {
                consumer.acknowledge(stale, AcknowledgeType.RELEASE);
                released = true;
            }
            if (released) {
                LOG.infof("released a %s task that waited in a consumer's buffer past half its lock", spec.queue());
                consumer.commitSync(config.lockDuration().dividedBy(3));
            }
        }

        /** Runs the records one after another (normally one), keeping every unfinished one locked. */
        private void runAll(Lane lane, KafkaShareConsumer<String, byte[]> consumer, Held held) {
            for (int i = 0; i < held.records.size(); i++) {
                ConsumerRecord<String, byte[]> record = held.records.get(i);
                if (held.lost(record)) {
                    continue; // caught earlier and lost since: not ours to run
                }
                long startedAt = System.nanoTime();
                keepCaught(lane, startedAt);
                int deliveryCount = record.deliveryCount().map(Short::intValue).orElse(1);
                metrics.started(lane, record, deliveryCount);
                Span span = tracing.start(record, deliveryCount);
                Future<Disposition> task = runner.submit(
                        () -> tracing.within(span, () -> intake.process(record.value(), deliveryCount)));
                Disposition disposition;
                try {
                    disposition = awaitRenewing(lane, startedAt, consumer, held, task);
                } finally {
                    metrics.finished();
                }
                acknowledge(consumer, held, record, deliveryCount, disposition);
            }
            try {
                consumer.commitAsync();
            } catch (KafkaException e) {
                LOG.warnf("sending acknowledgements: %s", e.getMessage());
            }
        }

        private Disposition awaitRenewing(Lane lane, long startedAt, KafkaShareConsumer<String, byte[]> consumer,
                Held held, Future<Disposition> task) {
            long renewEveryMs = renewEvery().toMillis();
            while (true) {
                try {
                    return task.get(renewEveryMs, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    renew(consumer, held);
                    keepCaught(lane, startedAt);
                } catch (ExecutionException e) {
                    // TaskIntake decides every outcome; an Error escaping it leaves the task to another worker.
                    LOG.errorf(e.getCause(), "%s task ended abnormally; handed back", spec.queue());
                    return new Disposition(TaskIntake.Verdict.RELEASE, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Disposition(TaskIntake.Verdict.RELEASE, null);
                }
            }
        }

        /**
         * Renews the lock of every held record. A renewal the broker refuses (the lock had already
         * expired, or the partition's leader changed) marks the record lost: the task goes on, since
         * its result is stored effectively once, but it is not acknowledged by this worker.
         */
        private void renew(KafkaShareConsumer<String, byte[]> consumer, Held held) {
            List<ConsumerRecord<String, byte[]>> renewing = held.unacknowledged();
            if (renewing.isEmpty()) {
                return;
            }
            Set<String> completed = completedAcks.get(consumer);
            try {
                completed.clear();
                renewing.forEach(r -> consumer.acknowledge(r, AcknowledgeType.RENEW));
                Map<TopicIdPartition, Optional<KafkaException>> results = consumer
                        .commitSync(config.lockDuration().dividedBy(3));
                results.forEach((partition, error) -> error.ifPresent(e -> held.lose(partition, e)));
                List<String> renewed = held.unacknowledged().stream().map(TaskQueue::recordId).toList();
                if (renewed.isEmpty()) {
                    return; // nothing renewed: a poll now would fetch a new record while we are busy
                }
                // The client applies a renewal as an event after commitSync may have returned; a poll
                // before that would send a fetch (acquiring a record nobody runs) instead of handing
                // the renewed records back. An empty commitSync applies pending events.
                long deadline = System.nanoTime() + config.lockDuration().dividedBy(3).toNanos();
                while (!completed.containsAll(renewed) && System.nanoTime() < deadline) {
                    consumer.commitSync(Duration.ZERO);
                    if (!completed.containsAll(renewed)) {
                        sleepQuietly(Duration.ofMillis(2));
                    }
                }
                if (!completed.containsAll(renewed)) {
                    LOG.warnf("a renewal of a %s task was not confirmed in time; the task is left unacknowledged",
                            spec.queue());
                    held.loseAll();
                    return;
                }
                // Hands the renewed records back as in flight, so that they can be acknowledged again.
                for (ConsumerRecord<String, byte[]> back : consumer.poll(Duration.ZERO)) {
                    held.returned(back);
                }
            } catch (IllegalStateException | KafkaException e) {
                LOG.warnf("renewing the lock of a %s task failed: %s", spec.queue(), e.getMessage());
                held.loseAll();
            }
        }

        private void acknowledge(KafkaShareConsumer<String, byte[]> consumer, Held held,
                ConsumerRecord<String, byte[]> record, int deliveryCount, Disposition disposition) {
            AcknowledgeType type = switch (disposition.verdict()) {
                case ACCEPT -> AcknowledgeType.ACCEPT;
                case REJECT -> AcknowledgeType.REJECT;
                case RELEASE -> AcknowledgeType.RELEASE;
            };
            if (disposition.deadLetterReason() != null
                    && !deadLetters.send(record, deliveryCount, disposition.deadLetterReason())) {
                type = AcknowledgeType.RELEASE;
            }
            if (held.lost(record)) {
                LOG.debugf("a %s task finished after its lock was lost; not acknowledged", spec.queue());
                return;
            }
            try {
                consumer.acknowledge(record, type);
                held.acknowledged(record);
            } catch (IllegalStateException e) {
                LOG.warnf("acknowledging a %s task: %s", spec.queue(), e.getMessage());
            }
        }
    }

    /** The records one poll handed to a slot, and which of them are still ours to acknowledge. */
    private static final class Held {
        final List<ConsumerRecord<String, byte[]>> records;
        private final List<ConsumerRecord<String, byte[]>> done = new ArrayList<>();
        private final List<ConsumerRecord<String, byte[]>> lost = new ArrayList<>();
        private final List<ConsumerRecord<String, byte[]>> cleared = new ArrayList<>();
        /** For caught records: when their lock was last renewed (System.nanoTime). */
        long renewedAt = System.nanoTime();

        Held(List<ConsumerRecord<String, byte[]>> records) {
            this.records = new ArrayList<>(records);
        }

        /** True the first time a lost record is cleared from the client. */
        boolean clear(ConsumerRecord<String, byte[]> record) {
            if (cleared.contains(record)) {
                return false;
            }
            cleared.add(record);
            return true;
        }

        List<ConsumerRecord<String, byte[]>> unacknowledged() {
            return records.stream().filter(r -> !done.contains(r) && !lost.contains(r)).toList();
        }

        void acknowledged(ConsumerRecord<String, byte[]> record) {
            done.add(record);
        }

        boolean lost(ConsumerRecord<String, byte[]> record) {
            return lost.contains(record);
        }

        void lose(TopicIdPartition partition, KafkaException cause) {
            LOG.warnf("the lock of a task was lost (%s); another worker may take it", cause.getMessage());
            records.stream().filter(r -> r.topic().equals(partition.topic()) && r.partition() == partition.partition())
                    .filter(r -> !lost.contains(r)).forEach(lost::add);
        }

        void loseAll() {
            unacknowledged().forEach(lost::add);
        }

        /** A record the renewing poll handed back; a record we did not hold (never expected) is run too. */
        void returned(ConsumerRecord<String, byte[]> record) {
            boolean ours = records.stream().anyMatch(r -> r.topic().equals(record.topic())
                    && r.partition() == record.partition() && r.offset() == record.offset());
            if (!ours) {
                records.add(record);
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
