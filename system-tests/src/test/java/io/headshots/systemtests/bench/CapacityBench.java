package io.headshots.systemtests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Lane;
import io.headshots.contracts.Messages;
import io.headshots.contracts.Topics;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.PrometheusText;

/**
 * Capacity: the makespan of {@code outputs} headshot tasks (48) with W generator workers that run
 * the capacity-test engine (no model: each task held a fixed time, a synthetic image), against the
 * ideal {@code ceil(outputs / W) x hold}. {@code bench/capacity-bench.sh} starts the stack and the
 * workers and calls this main once per W ({@code --mode run}, appending one line to the results
 * file) and once at the end ({@code --mode report}, the table).
 *
 * <p>Routes to {@code outputs} tasks (the gateway has no tier that makes 48 headshots without the
 * premium upscale, and its tiers are fixed in code):
 * <ul>
 * <li>{@code free-jobs} (default): {@code ceil(outputs / 3)} free-tier jobs of up to 3 outputs,
 * submitted at once from as many threads, on the free lane ({@code jobs.generate}); an output is
 * done at its {@code task_succeeded} event, and every job must end {@code succeeded} at the
 * gateway.</li>
 * <li>{@code premium-job}: one premium job of {@code outputs} outputs on the premium lane
 * ({@code jobs.generate.premium}); an output is done when its generator hands it on to the upscale
 * (the {@code task_progress} event with done = total that the generator sends then). No upscaler
 * runs, so this times the generation stage of one job; the job is deleted afterwards.</li>
 * </ul>
 *
 * <p>Makespan: from just before the first POST to the moment this process reads the last output's
 * done event on {@code jobs.events} (the stream the gateway follows). Cross-checked against the
 * workers' {@code generator_tasks_total} (which also gives the tasks per worker) and the engine time
 * from {@code generator_task_duration_seconds{engine="capacity-test"}}. Floor: a bare Kafka
 * produce -> consume round trip plus an S3 put + get of the photo, as {@link PipelineBench}
 * measures it, sampled before and after every measured run.
 */
public final class CapacityBench {
    /**
     * Warm-up outputs per worker before each measured batch. With 4, the measured W=12 batch still
     * spent a third of its CPU in JIT compiler threads (the S3 server, the new workers, the gateway;
     * per-thread CPU from /proc, 2026-12-05): it compiles at W=12's concurrency what W=1 never ran hot.
     */
    static final int WARMUP_PER_WORKER = 8;
    static final String FREE_KEY = "dev-free-key";
    static final String PREMIUM_KEY = "dev-premium-key";
    /** Outputs of one free-tier job (Tier.FREE.maxHeadshots()). */
    static final int FREE_JOB_OUTPUTS = 3;
    private static final String ENGINE_LABEL = "engine=\"capacity-test\"";

    private final String gateway;
    private final List<String> workers;
    private final String route;
    private final Duration hold;
    private final byte[] photo;
    private final ObjectStore s3;
    private final PipelineBench.KafkaFloor kafkaFloor;
    private final EventsTap events;
    private final String bootstrap;

    private CapacityBench(Map<String, String> a) {
        gateway = a.get("gateway");
        workers = List.of(a.get("workers").split(","));
        route = a.getOrDefault("route", "free-jobs");
        if (!route.equals("free-jobs") && !route.equals("premium-job")) {
            throw new IllegalArgumentException("--route is free-jobs or premium-job, not " + route);
        }
        hold = Duration.parse(a.getOrDefault("hold", "PT2S"));
        int side = Integer.parseInt(a.getOrDefault("photo-side", "64"));
        photo = Images.png(side, side);
        bootstrap = a.get("kafka");
        s3 = BenchSupport.jobStore(a.get("s3")).objects();
        kafkaFloor = new PipelineBench.KafkaFloor(bootstrap);
        events = new EventsTap(bootstrap);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        if ("report".equals(a.getOrDefault("mode", "run"))) {
            report(a);
            System.exit(0);
        }
        CapacityBench bench = new CapacityBench(a);
        try {
            bench.run(Integer.parseInt(a.get("w")), Integer.parseInt(a.getOrDefault("outputs", "48")),
                    Integer.parseInt(a.getOrDefault("floor-samples", "20")), Path.of(a.get("results")),
                    a.containsKey("warmup-outputs") ? Integer.parseInt(a.get("warmup-outputs")) : -1,
                    a.containsKey("timeout-s") ? Duration.ofSeconds(Long.parseLong(a.get("timeout-s"))) : null);
        } finally {
            bench.kafkaFloor.close();
            bench.events.close();
        }
        System.exit(0);
    }

    private void run(int w, int outputs, int floorSamples, Path results, int warmupOutputs, Duration timeout)
            throws Exception {
        if (workers.size() != w) {
            throw new IllegalStateException("W=" + w + " but " + workers.size() + " worker URLs were given");
        }
        Map<String, Integer> partitions = partitions();
        log("W=" + w + ": topics " + partitions + "; route " + route + "; hold " + hold);
        floor(10); // warm-up of the floor clients

        int warm = warmupOutputs >= 0 ? warmupOutputs : WARMUP_PER_WORKER * w;
        if (warm > 0) {
            log("warm-up: " + warm + " outputs (JIT, connections, share-group assignment of new workers)");
            // A premium job holds at most 50 headshots (Tier.PREMIUM): a longer warm-up is several jobs in turn.
            int step = route.equals("premium-job") ? outputs : warm;
            for (int left = warm; left > 0; left -= step) {
                int n = Math.min(step, left);
                Batch b = submitAndAwait(n, timeout(n, w, timeout));
                cleanUp(b);
            }
        }
        Thread.sleep(500); // counters are incremented just after the events are sent

        // Read before the floor, not at the batch's start: no task runs in between, and twelve metric
        // scrapes at once are harness work that the measured batch should not carry.
        double[][] before = workerCounters();
        List<double[]> floor = new ArrayList<>(floor(floorSamples));
        Batch batch = submitAndAwait(outputs, timeout(outputs, w, timeout));
        Thread.sleep(500);
        double[][] after = workerCounters();
        floor.addAll(floor(floorSamples));
        log("W=" + w + " timeline (ms after the first POST): " + events.timeline(batch.jobIds,
                route.equals("premium-job"), batch.t0Nanos));
        cleanUp(batch);

        List<String> perWorker = new ArrayList<>();
        double tasks = 0;
        double engineSum = 0;
        double engineCount = 0;
        for (int i = 0; i < w; i++) {
            double t = after[i][0] - before[i][0];
            tasks += t;
            perWorker.add(String.valueOf((long) t));
            engineSum += after[i][1] - before[i][1];
            engineCount += after[i][2] - before[i][2];
        }
        if (Math.round(tasks) != outputs) {
            log("WARNING: the workers' generator_tasks_total grew by " + (long) tasks + ", not " + outputs
                    + " (a task ran twice, or a counter lagged)");
        }
        double engineMeanMs = engineCount > 0 ? engineSum / engineCount * 1000 : Double.NaN;
        double ideal = Math.ceil(outputs / (double) w) * hold.toNanos() / 1e6;
        log(String.format(Locale.ROOT, "W=%d: makespan %.0f ms (ideal %.0f ms, %.2f of it), submissions answered "
                + "after %.0f ms, first task started after %.0f ms, engine mean %.0f ms, tasks per worker %s", w,
                batch.makespanMs, ideal, ideal / batch.makespanMs, batch.submitMs, batch.firstStartMs, engineMeanMs,
                String.join(",", perWorker)));

        StringBuilder floorCol = new StringBuilder();
        for (double[] s : floor) {
            floorCol.append(floorCol.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%.3f/%.3f", s[0], s[1]));
        }
        String line = String.join("\t", String.valueOf(w), String.valueOf(outputs), hold.toString(), route,
                fmt3(batch.makespanMs), fmt3(batch.submitMs), fmt3(batch.firstStartMs), fmt3(engineMeanMs),
                String.join(",", perWorker), partitions.toString().replace(' ', '_'), String.valueOf(photo.length),
                floorCol.toString()) + "\n";
        Files.writeString(results, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Duration timeout(int outputs, int w, Duration given) {
        if (given != null) {
            return given;
        }
        return hold.multipliedBy(3L * (long) Math.ceil(outputs / (double) w)).plusSeconds(120);
    }

    /** Partitions of the two generate topics, as the broker has them. */
    private Map<String, Integer> partitions() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Admin admin = Admin.create(p)) {
            List<String> names = List.of(Topics.generate(Lane.FREE), Topics.generate(Lane.PREMIUM));
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (String n : names) {
                out.put(n, d.get(n).partitions().size());
            }
        }
        return out;
    }

    /** Floor samples: [kafka round trip ms, s3 put+get ms of the photo]. */
    private List<double[]> floor(int n) throws Exception {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double k = kafkaFloor.roundTripMillis();
            long t0 = System.nanoTime();
            String key = "bench/capacity-floor/" + i + ".png";
            s3.put(key, photo, "image/png");
            byte[] back = s3.get(key).orElseThrow();
            if (back.length != photo.length) {
                throw new IllegalStateException("S3 gave back " + back.length + " bytes");
            }
            out.add(new double[] {k, (System.nanoTime() - t0) / 1e6});
        }
        return out;
    }

    /** Per worker: [tasks done (succeeded or handed on), engine seconds sum, engine count]. */
    private double[][] workerCounters() {
        double[][] out = new double[workers.size()][];
        for (int i = 0; i < workers.size(); i++) {
            String text = BenchSupport.get(BenchSupport.managementUrl(workers.get(i)) + "/q/metrics");
            String outcome = route.equals("free-jobs") ? "outcome=\"succeeded\"" : "outcome=\"handed_on\"";
            out[i] = new double[] {
                PrometheusText.sum(text, "generator_tasks_total", outcome),
                PrometheusText.sum(text, "generator_task_duration_seconds_sum",
                        ENGINE_LABEL),
                PrometheusText.sum(text, "generator_task_duration_seconds_count",
                        ENGINE_LABEL)};
        }
        return out;
    }

    private static final class Batch {
        final List<String> jobIds = Collections.synchronizedList(new ArrayList<>());
        long t0Nanos;
        double makespanMs;
        double submitMs;
        double firstStartMs;
    }

    /** Submits {@code outputs} tasks by the route and waits for every one to be done; the makespan. */
    private Batch submitAndAwait(int outputs, Duration timeout) throws Exception {
        Batch b = new Batch();
        List<Integer> counts = new ArrayList<>();
        if (route.equals("premium-job")) {
            counts.add(outputs);
        } else {
            for (int left = outputs; left > 0; left -= FREE_JOB_OUTPUTS) {
                counts.add(Math.min(FREE_JOB_OUTPUTS, left));
            }
        }
        String key = route.equals("premium-job") ? PREMIUM_KEY : FREE_KEY;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(counts.size(), 16));
        long t0 = System.nanoTime();
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int count : counts) {
                posts.add(pool.submit(() -> b.jobIds.add(submit(key, count))));
            }
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        b.t0Nanos = t0;
        b.submitMs = (System.nanoTime() - t0) / 1e6;
        boolean premium = route.equals("premium-job");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            EventsTap.Progress p = events.progress(b.jobIds, premium);
            if (p.failure != null) {
                throw new IllegalStateException("a task did not succeed: " + p.failure);
            }
            if (p.done >= outputs) {
                b.makespanMs = (p.lastDoneNanos - t0) / 1e6;
                b.firstStartMs = (p.firstStartNanos - t0) / 1e6;
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(p.done + " of " + outputs + " outputs done after " + timeout);
            }
            Thread.sleep(20);
        }
        if (!premium) {
            awaitSucceeded(b.jobIds);
        }
        return b;
    }

    /** The gateway's view agrees: every free job ended succeeded. */
    private void awaitSucceeded(List<String> jobIds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String id : jobIds) {
            while (true) {
                String status;
                try {
                    status = BenchSupport.JSON.readTree(BenchSupport.getAuth(gateway + "/v1/jobs/" + id, FREE_KEY))
                            .path("status").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if ("succeeded".equals(status)) {
                    break;
                }
                if (GatewayClient.TERMINAL.contains(status)) {
                    throw new IllegalStateException("job " + id + " ended " + status);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job " + id + " still " + status + " at the gateway");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Premium jobs stay open (no upscaler runs): deleted, so nothing of them lingers. */
    private void cleanUp(Batch b) {
        if (!route.equals("premium-job")) {
            return;
        }
        for (String id : b.jobIds) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + id))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + PREMIUM_KEY).DELETE().build();
            try {
                int code = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (code / 100 != 2) {
                    log("deleting premium job " + id + " answered " + code);
                }
            } catch (IOException e) {
                log("deleting premium job " + id + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String submit(String key, int count) {
        Multipart form = new Multipart().file("photo", "photo.png", "image/png", photo).fields("count",
                String.valueOf(count));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/headshots"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
                .build();
        try {
            HttpResponse<String> r = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("headshot submission answered " + r.statusCode() + ": " + r.body());
            }
            return BenchSupport.JSON.readTree(r.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads jobs.events from its end (every partition assigned, no group): per job and task, when this
     * process first saw it started and done, and the first failure.
     */
    private static final class EventsTap implements AutoCloseable {
        /** jobId -> taskId -> [started nanoTime, succeeded nanoTime, handed-on nanoTime] (0: not yet). */
        private final Map<String, Map<String, AtomicLongArray>> byJob = new ConcurrentHashMap<>();
        private final Map<String, String> failures = new ConcurrentHashMap<>();
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final Thread reader;

        EventsTap(String bootstrap) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // resolved now, before any submission
            reader = new Thread(() -> {
                try (consumer) {
                    while (open.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.nanoTime();
                            JobEvent e;
                            try {
                                e = Messages.fromJson(r.value(), JobEvent.class);
                            } catch (RuntimeException ex) {
                                continue; // not an event of this version: not one of ours
                            }
                            AtomicLongArray at = byJob.computeIfAbsent(e.jobId(), k -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(e.taskId(), k -> new AtomicLongArray(3));
                            switch (e.type()) {
                                case TASK_STARTED -> at.compareAndSet(0, 0, now);
                                case TASK_SUCCEEDED -> at.compareAndSet(1, 0, now);
                                case TASK_PROGRESS -> {
                                    if (e.total() > 0 && e.done() == e.total()) {
                                        at.compareAndSet(2, 0, now);
                                    }
                                }
                                case TASK_FAILED, TASK_CANCELED -> failures.putIfAbsent(e.jobId(),
                                        e.taskId() + " " + e.type().wireName() + " " + e.errorCode() + ": "
                                                + e.errorMessage());
                            }
                        }
                    }
                }
            }, "capacity-events-tap");
            reader.setDaemon(true);
            reader.start();
        }

        record Progress(int done, long lastDoneNanos, long firstStartNanos, String failure) {
        }

        /** Outputs of these jobs done so far: succeeded (free) or handed on to the upscale (premium). */
        Progress progress(List<String> jobIds, boolean premium) {
            int done = 0;
            long last = 0;
            long firstStart = Long.MAX_VALUE;
            String failure = null;
            synchronized (jobIds) {
                for (String id : jobIds) {
                    failure = failure != null ? failure : failures.get(id);
                    for (AtomicLongArray at : byJob.getOrDefault(id, Map.of()).values()) {
                        if (at.get(0) != 0) {
                            firstStart = Math.min(firstStart, at.get(0));
                        }
                        long d = at.get(premium ? 2 : 1);
                        if (d != 0) {
                            done++;
                            last = Math.max(last, d);
                        }
                    }
                }
            }
            return new Progress(done, last, firstStart, failure);
        }

        /** Each task's start and done times, in start order: where a batch's time went, round by round. */
        String timeline(List<String> jobIds, boolean premium, long t0) {
            List<long[]> spans = new ArrayList<>();
            synchronized (jobIds) {
                for (String id : jobIds) {
                    for (AtomicLongArray at : byJob.getOrDefault(id, Map.of()).values()) {
                        spans.add(new long[] {(at.get(0) - t0) / 1_000_000, (at.get(premium ? 2 : 1) - t0) / 1_000_000});
                    }
                }
            }
            spans.sort(java.util.Comparator.comparingLong(s -> s[0]));
            StringBuilder out = new StringBuilder();
            for (long[] s : spans) {
                out.append(out.length() == 0 ? "" : " ").append(s[0]).append('-').append(s[1]);
            }
            return out.toString();
        }

        @Override
        public void close() {
            open.set(false);
        }
    }

    // ---- report --------------------------------------------------------------------------------

    private record Row(int w, int outputs, Duration hold, String route, double makespanMs, double submitMs,
            double firstStartMs, double engineMeanMs, String perWorker, String partitions, int photoBytes,
            List<double[]> floor) {
    }

    private static void report(Map<String, String> a) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a.get("results")))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            List<double[]> floor = new ArrayList<>();
            for (String s : f[11].split(";")) {
                if (!s.isEmpty()) {
                    String[] kv = s.split("/");
                    floor.add(new double[] {Double.parseDouble(kv[0]), Double.parseDouble(kv[1])});
                }
            }
            rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Duration.parse(f[2]), f[3],
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]), f[8], f[9], Integer.parseInt(f[10]), floor));
        }
        if (rows.isEmpty()) {
            System.out.println("capacity-bench: no results");
            return;
        }
        Row first = rows.get(0);
        int outputs = first.outputs();
        Duration hold = first.hold();
        double holdMs = hold.toNanos() / 1e6;
        Row one = rows.stream().filter(r -> r.w() == 1).findFirst().orElse(null);
        double baseMs = one != null ? one.makespanMs() : outputs * holdMs;

        System.out.println();
        System.out.printf("capacity-bench: %d outputs, W generator workers, each running the capacity-test engine "
                + "(NO MODEL: every task held %s, a synthetic %s image written, no identity check; selected by "
                + "GENERATOR_ENGINE=capacity-test under -Dquarkus.profile=bench, refused by the production profile); "
                + "work topics %s partitions; one gateway; Kafka + S3 on loopback.%n", outputs, hold, "1024x1024",
                first.partitions().replace('_', ' '));
        System.out.println(routeText(first.route(), outputs));
        System.out.println(a.getOrDefault("scaling", ""));
        System.out.println();
        System.out.printf("| W | makespan s | ideal s = ceil(%d/W) x %s | speed-up vs W=1 | ideal speed-up | ratio "
                + "| ideal / makespan | tasks per worker | engine mean ms | first start ms | submissions ms |%n",
                outputs, hold);
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        Row twelve = null;
        for (Row r : rows) {
            double idealMs = Math.ceil(outputs / (double) r.w()) * holdMs;
            double speedUp = baseMs / r.makespanMs();
            double idealSpeedUp = outputs / Math.ceil(outputs / (double) r.w());
            System.out.println(BenchSupport.row(r.w(), r.makespanMs() / 1000, idealMs / 1000, speedUp, idealSpeedUp,
                    String.format(Locale.ROOT, "%.3f", speedUp / idealSpeedUp),
                    String.format(Locale.ROOT, "%.3f", idealMs / r.makespanMs()), r.perWorker(), r.engineMeanMs(),
                    r.firstStartMs(), r.submitMs()));
            if (r.w() == 12) {
                twelve = r;
            }
        }
        System.out.println();
        System.out.println(one != null ? "speed-up vs W=1 = makespan(W=1) / makespan(W); ratio = speed-up / ideal "
                + "speed-up, ideal speed-up = " + outputs + " / ceil(" + outputs + "/W)."
                : "W=1 was not run: speed-up is against the ideal W=1 makespan " + outputs + " x " + hold + ".");
        if (twelve != null) {
            double idealSpeedUp = outputs / Math.ceil(outputs / 12.0);
            double ratio = baseMs / twelve.makespanMs() / idealSpeedUp;
            System.out.printf(Locale.ROOT, "goal (W = 12: at least 0.8 of the ideal speed-up): %.3f, %s%n", ratio,
                    ratio >= 0.8 ? "met" : "NOT met");
        } else {
            System.out.println("goal (W = 12: at least 0.8 of the ideal speed-up): not measured in this run (no W=12)");
        }

        List<Double> kafka = new ArrayList<>();
        List<Double> s3 = new ArrayList<>();
        List<Double> sum = new ArrayList<>();
        for (Row r : rows) {
            for (double[] s : r.floor()) {
                kafka.add(s[0]);
                s3.add(s[1]);
                sum.add(s[0] + s[1]);
            }
        }
        double floorP50 = BenchSupport.median(sum);
        System.out.println();
        System.out.printf(Locale.ROOT, "floor (same run, %d samples around the measured runs): Kafka produce -> consume "
                + "(acks=all) p50 %.1f ms + S3 put + get of the %d-byte photo p50 %.1f ms = p50 %.1f ms (p99 %.1f ms)%n",
                sum.size(), BenchSupport.median(kafka), first.photoBytes(), BenchSupport.median(s3), floorP50,
                BenchSupport.percentile(sum, 99));
        if (one != null) {
            double overhead = one.makespanMs() / outputs - holdMs;
            System.out.printf(Locale.ROOT, "pipeline overhead per task at W=1 = makespan / %d - hold = %.0f / %d - %.0f "
                    + "= %.1f ms = %.2f x the floor p50 (engine time measured by the worker: mean %.0f ms for a hold "
                    + "of %.0f ms)%n", outputs, one.makespanMs(), outputs, holdMs, overhead, overhead / floorP50,
                    one.engineMeanMs(), holdMs);
        } else {
            System.out.println("pipeline overhead per task: needs W=1 in --workers");
        }
    }

    private static String routeText(String route, int outputs) {
        if (route.equals("premium-job")) {
            return "route premium-job: ONE premium job of " + outputs + " outputs (lane jobs.generate.premium); an output "
                    + "counts as done when its generator hands it on to the upscale (no upscaler runs: the follow-on "
                    + "upscale tasks are left unconsumed and the job is deleted), so this is the generation stage of "
                    + "one job.";
        }
        int jobs = (outputs + FREE_JOB_OUTPUTS - 1) / FREE_JOB_OUTPUTS;
        return "route free-jobs: the gateway has no tier for " + outputs + " headshots without the premium upscale, so "
                + "the " + outputs + " outputs are " + jobs + " free-tier jobs of up to " + FREE_JOB_OUTPUTS
                + " outputs (lane jobs.generate), submitted at once; makespan = first POST -> the last output's "
                + "task_succeeded event on jobs.events, every job checked succeeded at the gateway.";
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static void log(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}
