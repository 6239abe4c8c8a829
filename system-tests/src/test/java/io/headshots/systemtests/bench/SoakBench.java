package io.headshots.systemtests.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.contracts.Topics;
import io.headshots.platform.storage.JobStore;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.StoredJob;

/**
 * Soak: many tiny fast-model upscales through the stack while the script kills a worker (SIGKILL)
 * and restarts it. Submits every job, follows {@code jobs.events} with a plain consumer (from the
 * start of the topic), writes the number of jobs with a {@code task_succeeded} event to the
 * progress file (the script's cue to kill), and at the end checks:
 *
 * <ul>
 * <li>every job's status is {@code succeeded} (GET /v1/jobs/{id});</li>
 * <li>none twice: no task has two {@code task_succeeded} events that differ (finishedAt or output
 * name); identical duplicates are a redelivered task re-publishing its stored result and are
 * counted, not failed; no task has a failed or canceled event;</li>
 * <li>S3 holds exactly the expected keys under every job's prefix (record, input, one output and
 * one result per task): no orphan or second output.</li>
 * </ul>
 */
public final class SoakBench {
    private final String gateway;
    private final String key;
    /** Events per task, keyed jobId/taskId (task ids repeat across jobs). */
    private final Map<String, List<JobEvent>> eventsByTask = new ConcurrentHashMap<>();
    private final Set<String> succeededJobs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final AtomicInteger eventsRead = new AtomicInteger();
    private volatile long lastEventAt = System.nanoTime();

    private SoakBench(String gateway, String key) {
        this.gateway = gateway;
        this.key = key;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        SoakBench bench = new SoakBench(a.get("gateway"), a.getOrDefault("key", "dev-premium-key"));
        int exit = bench.run(a.get("kafka"), a.get("s3"), Integer.parseInt(a.getOrDefault("jobs", "2000")),
                Integer.parseInt(a.getOrDefault("clients", "4")), Path.of(a.get("progress")),
                Duration.ofMinutes(Long.parseLong(a.getOrDefault("timeout-min", "40"))),
                a.getOrDefault("workers", ""));
        System.exit(exit);
    }

    private int run(String kafka, String s3, int n, int clients, Path progress, Duration timeout, String workers)
            throws Exception {
        Thread reader = new Thread(() -> readEvents(kafka), "events-reader");
        reader.setDaemon(true);
        reader.start();
        byte[] image = Images.png(32, 32);
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger submitRetries = new AtomicInteger();
        AtomicInteger left = new AtomicInteger(n);
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> submitters = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            submitters.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    for (int attempt = 1;; attempt++) {
                        try {
                            jobs.add(BenchSupport.submit(gateway, image, key));
                            break;
                        } catch (RuntimeException e) {
                            // 503 + Retry-After while the broker or S3 is busy: retry as a client would.
                            if (attempt >= 10) {
                                throw e;
                            }
                            submitRetries.incrementAndGet();
                            Thread.sleep(1000);
                        }
                    }
                }
                return null;
            }));
        }
        Thread progressWriter = new Thread(() -> {
            while (true) {
                writeProgress(progress, succeededJobs.size());
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "progress");
        progressWriter.setDaemon(true);
        progressWriter.start();
        for (Future<?> f : submitters) {
            f.get();
        }
        pool.shutdown();
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        log(String.format("%d jobs submitted in %.1f s (%d retried submissions)", jobs.size(), submitSeconds,
                submitRetries.get()));
        Set<String> all = new TreeSet<>(jobs);

        // Until every job has its task_succeeded event; jobs that stay silent (a worker killed
        // between writing the result and publishing the event, where nothing re-publishes it) are
        // then settled by their status, which the gateway revalidates against S3.
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastLogged = -1;
        while (System.nanoTime() < deadline) {
            int done = (int) all.stream().filter(succeededJobs::contains).count();
            if (done == all.size()) {
                break;
            }
            if (done != lastLogged && done / 200 != lastLogged / 200) {
                log(done + "/" + all.size() + " jobs have task_succeeded");
                lastLogged = done;
            }
            if (System.nanoTime() - lastEventAt > 90_000_000_000L) {
                log("no event for 90 s with " + done + "/" + all.size() + " done; settling by status");
                break;
            }
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int withEvent = (int) all.stream().filter(succeededJobs::contains).count();
        log(String.format("%d/%d jobs have a task_succeeded event after %.1f s; reading 15 s more for late duplicates",
                withEvent, all.size(), seconds));
        Thread.sleep(15_000);
        reading.set(false);
        writeProgress(progress, succeededJobs.size());

        // Status of every job (the silent ones get up to 2 minutes: stale-after is 30 s).
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> notSucceeded = new ArrayList<>();
        long statusDeadline = System.nanoTime() + 120_000_000_000L;
        for (String id : all) {
            String status;
            while (true) {
                JsonNode job = BenchSupport.JSON.readTree(BenchSupport.getAuth(gateway + "/v1/jobs/" + id, key));
                status = job.path("status").asText();
                if (status.equals("succeeded") || succeededJobs.contains(id) || System.nanoTime() > statusDeadline) {
                    break;
                }
                Thread.sleep(1000);
            }
            statuses.merge(status, 1, Integer::sum);
            if (!status.equals("succeeded")) {
                notSucceeded.add(id + "=" + status);
            }
        }

        // None twice, from the events.
        int tasks = 0;
        int identicalDuplicates = 0;
        int tasksWithDuplicates = 0;
        int restartedTasks = 0;
        int twice = 0;
        int failedOrCanceled = 0;
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<JobEvent>> e : eventsByTask.entrySet()) {
            List<JobEvent> events = e.getValue();
            if (events.isEmpty() || !all.contains(events.get(0).jobId())) {
                continue;
            }
            tasks++;
            List<JobEvent> succeeded = events.stream().filter(ev -> ev.type() == JobEvent.Type.TASK_SUCCEEDED).toList();
            long started = events.stream().filter(ev -> ev.type() == JobEvent.Type.TASK_STARTED).count();
            if (started > 1) {
                restartedTasks++;
            }
            long distinct = succeeded.stream().map(ev -> ev.at() + "|" + ev.outputName()).distinct().count();
            if (succeeded.size() > 1 && distinct == 1) {
                identicalDuplicates += succeeded.size() - 1;
                tasksWithDuplicates++;
            }
            if (distinct > 1) {
                twice++;
                violations.add("task " + e.getKey() + " succeeded " + distinct + " times: " + succeeded);
            }
            long bad = events.stream().filter(ev -> ev.type() == JobEvent.Type.TASK_FAILED
                    || ev.type() == JobEvent.Type.TASK_CANCELED).count();
            if (bad > 0) {
                failedOrCanceled++;
                violations.add("task " + e.getKey() + " has failed/canceled events: " + events);
            }
        }
        int silent = all.size() - withEvent;

        // No orphan or second object, from S3.
        JobStore store = BenchSupport.jobStore(s3);
        int extraKeys = 0;
        int missingKeys = 0;
        for (String id : all) {
            Set<String> actual = StoredJob.keys(store, id);
            Set<String> expected = StoredJob.expectedWhenSucceeded(store, id);
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            extraKeys += extra.size();
            missingKeys += missing.size();
            if (!extra.isEmpty() || !missing.isEmpty()) {
                violations.add("job " + id + ": extra " + extra + ", missing " + missing);
            }
        }
        double alreadyDone = 0;
        for (String w : workers.split(",")) {
            if (!w.isBlank()) {
                alreadyDone += BenchSupport.metric(w, "upscaler_tasks_total", "outcome=\"already_done\"");
            }
        }

        int violationCount = notSucceeded.size() + twice + failedOrCanceled + extraKeys + missingKeys;
        System.out.println();
        System.out.printf("soak: %d jobs submitted by %d clients from %s; events read: %d%n%n", all.size(), clients,
                startedAt, eventsRead.get());
        System.out.println("| measure | value |");
        System.out.println("|---|---:|");
        System.out.println(BenchSupport.row("jobs", all.size()));
        System.out.println(BenchSupport.row("submission (all jobs accepted), s", submitSeconds));
        System.out.println(BenchSupport.row("duration, first submission to last task_succeeded event, s", seconds));
        System.out.println(BenchSupport.row("throughput, jobs/s", all.size() / seconds));
        System.out.println(BenchSupport.row("job statuses at the end", statuses.toString()));
        System.out.println(BenchSupport.row("tasks seen on jobs.events", tasks));
        System.out.println(BenchSupport.row("tasks started more than once (redelivered after the kill)", restartedTasks));
        System.out.println(BenchSupport.row("redeliveries seen: identical duplicate task_succeeded events (tasks)",
                identicalDuplicates + " (" + tasksWithDuplicates + ")"));
        System.out.println(BenchSupport.row("redelivered tasks skipped as already done (worker counters since each start)",
                String.format("%.0f", alreadyDone)));
        System.out.println(BenchSupport.row("jobs without a task_succeeded event (settled by status)", silent));
        System.out.println(BenchSupport.row("submissions retried", submitRetries.get()));
        System.out.println(BenchSupport.row("**violation: job not succeeded**", notSucceeded.size()));
        System.out.println(BenchSupport.row("**violation: task succeeded twice (different finishedAt/output)**", twice));
        System.out.println(BenchSupport.row("**violation: task failed or canceled**", failedOrCanceled));
        System.out.println(BenchSupport.row("**violation: extra / missing S3 keys under job prefixes**",
                extraKeys + " / " + missingKeys));
        System.out.println(BenchSupport.row("**violations in all**", violationCount));
        violations.stream().limit(20).forEach(v -> System.out.println("  " + (v.length() > 600 ? v.substring(0, 600) + " ..." : v)));
        notSucceeded.stream().limit(20).forEach(v -> System.out.println("  not succeeded: " + v));
        return violationCount == 0 ? 0 : 1;
    }

    private void readEvents(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-soak-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    JobEvent event = Messages.fromJson(r.value(), JobEvent.class);
                    eventsRead.incrementAndGet();
                    lastEventAt = System.nanoTime();
                    eventsByTask.computeIfAbsent(event.jobId() + "/" + event.taskId(), t -> Collections.synchronizedList(new ArrayList<>()))
                            .add(event);
                    if (event.type() == JobEvent.Type.TASK_SUCCEEDED) {
                        succeededJobs.add(event.jobId());
                    }
                }
            }
        }
    }

    private static void writeProgress(Path file, int done) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, done + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            // progress is a hint for the script
        }
    }

    private static void log(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}
