package io.headshots.systemtests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.headshots.platform.storage.ObjectStore;
import io.headshots.systemtests.support.Images;

/**
 * Pipeline overhead: tiny fast-model upscales through gateway -> Kafka -> upscaler worker -> S3 ->
 * gateway (status followed over SSE), against the floor of a bare Kafka produce/consume round trip
 * plus one S3 put and get of the same image, measured in the same run, rounds alternating
 * (floor, 1 client, N clients, floor, ...).
 *
 * <p>Per job: end-to-end = submit (before the POST) to the SSE line that says {@code succeeded};
 * model time = the worker's {@code upscaler_task_duration_seconds} (decode to encode): with one
 * client scraped before and after every job, so it is that job's own model time; with N clients
 * the mean over the phase (sum / count). Overhead = end-to-end - model time; with N clients it
 * includes queueing behind the single worker (one task at a time).
 */
public final class PipelineBench {
    private static final String KEY_DEFAULT = "dev-premium-key";
    private static final String MODEL_LABEL = "model=\"realesrgan-x4fast\"";

    private final String gateway;
    private final String worker;
    private final String key;
    private final byte[] image;
    private final ObjectStore s3;
    private final KafkaFloor kafka;
    private final EventsTap events;
    /** Per phase of one job with one client, ms: submit (POST to 202), dispatch (202 to task_started),
     * worker without the model (task_started to task_succeeded, less the model time), notify
     * (task_succeeded to the SSE line). From the events' timestamps (same machine clock). */
    private final Map<String, List<Double>> breakdown = new LinkedHashMap<>();

    private PipelineBench(Map<String, String> a) {
        gateway = a.get("gateway");
        worker = a.get("worker");
        key = a.getOrDefault("key", KEY_DEFAULT);
        int side = Integer.parseInt(a.getOrDefault("side", "32"));
        image = Images.png(side, side);
        s3 = BenchSupport.jobStore(a.get("s3")).objects();
        kafka = new KafkaFloor(a.get("kafka"));
        events = new EventsTap(a.get("kafka"));
        for (String k : List.of("submit: POST -> 202 (upload, 3 S3 PUTs, Kafka send acks=all)",
                "dispatch: 202 -> task_started (Kafka to the worker, its S3 checks)",
                "worker less model: task_started -> task_succeeded - model (input GET, output + result PUT, checks)",
                "notify: task_succeeded -> SSE line (event via Kafka to the gateway, SSE write)")) {
            breakdown.put(k, new ArrayList<>());
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int jobs = Integer.parseInt(a.getOrDefault("jobs", "20"));
        int floorSamples = Integer.parseInt(a.getOrDefault("floor-samples", "40"));
        List<Integer> concurrencies = new ArrayList<>();
        for (String c : a.getOrDefault("concurrency", "1,8").split(",")) {
            concurrencies.add(Integer.parseInt(c.trim()));
        }
        PipelineBench bench = new PipelineBench(a);
        try {
            bench.run(rounds, jobs, floorSamples, concurrencies);
        } finally {
            bench.kafka.close();
            bench.events.close();
        }
        System.exit(0);
    }

    private void run(int rounds, int jobs, int floorSamples, List<Integer> concurrencies) throws Exception {
        log("warm-up: 5 jobs, 20 floor samples");
        for (int i = 0; i < 5; i++) {
            oneJob();
        }
        floor(20);

        List<Double> floorKafka = new ArrayList<>();
        List<Double> floorS3 = new ArrayList<>();
        List<Double> floorSum = new ArrayList<>();
        Map<Integer, Phase> phases = new LinkedHashMap<>();
        concurrencies.forEach(c -> phases.put(c, new Phase()));
        // Per round: median overhead / median floor, so each ratio compares neighbours in time.
        Map<Integer, List<Double>> roundRatios = new LinkedHashMap<>();
        concurrencies.forEach(c -> roundRatios.put(c, new ArrayList<>()));

        for (int round = 1; round <= rounds; round++) {
            double[][] f = floor(floorSamples);
            List<Double> roundFloor = new ArrayList<>();
            for (double[] s : f) {
                floorKafka.add(s[0]);
                floorS3.add(s[1]);
                floorSum.add(s[0] + s[1]);
                roundFloor.add(s[0] + s[1]);
            }
            log(String.format("round %d floor: p50 %.1f ms (kafka %.1f + s3 %.1f)", round, BenchSupport.median(roundFloor),
                    BenchSupport.median(column(f, 0)), BenchSupport.median(column(f, 1))));
            for (int c : concurrencies) {
                Phase p = c == 1 ? sequential(jobs) : concurrent(jobs, c);
                phases.get(c).add(p);
                roundRatios.get(c).add(BenchSupport.median(p.overhead) / BenchSupport.median(roundFloor));
                log(String.format("round %d, %d client(s): %d jobs, %.2f jobs/s, e2e p50 %.0f ms, model p50 %.0f ms, "
                        + "overhead p50 %.0f ms", round, c, p.e2e.size(), p.jobsPerSecond(), BenchSupport.median(p.e2e),
                        BenchSupport.median(p.model), BenchSupport.median(p.overhead)));
            }
        }

        double floorP50 = BenchSupport.percentile(floorSum, 50);
        double floorP99 = BenchSupport.percentile(floorSum, 99);
        System.out.println();
        System.out.printf("pipeline-bench: %d rounds; per round %d floor samples and %d jobs per concurrency; image %d bytes PNG, "
                + "scale 2, realesrgan-x4fast%n%n", rounds, floorSamples, jobs, image.length);
        System.out.println("| measure | n | p50 ms | p99 ms | jobs/s (median of rounds) | p50 / floor p50 | p99 / floor p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.println(BenchSupport.row("floor: Kafka produce -> consume (acks=all)", floorKafka.size(),
                BenchSupport.percentile(floorKafka, 50), BenchSupport.percentile(floorKafka, 99), "", "", ""));
        System.out.println(BenchSupport.row("floor: S3 put + get of the image", floorS3.size(),
                BenchSupport.percentile(floorS3, 50), BenchSupport.percentile(floorS3, 99), "", "", ""));
        System.out.println(BenchSupport.row("**floor: Kafka + S3 (per sample)**", floorSum.size(), floorP50, floorP99, "",
                "1", "1"));
        for (int c : concurrencies) {
            Phase p = phases.get(c);
            String who = c == 1 ? "1 client" : c + " clients";
            String model = c == 1 ? "model time (worker histogram, per job)" : "model time (worker histogram, phase mean)";
            System.out.println(BenchSupport.row(who + ": end-to-end", p.e2e.size(), BenchSupport.percentile(p.e2e, 50),
                    BenchSupport.percentile(p.e2e, 99), BenchSupport.median(p.rates), "", ""));
            System.out.println(BenchSupport.row(who + ": " + model, p.model.size(), BenchSupport.percentile(p.model, 50),
                    BenchSupport.percentile(p.model, 99), "", "", ""));
            System.out.println(BenchSupport.row("**" + who + ": overhead = end-to-end - model**"
                    + (c == 1 ? "" : " (includes queueing)"), p.overhead.size(), BenchSupport.percentile(p.overhead, 50),
                    BenchSupport.percentile(p.overhead, 99), "",
                    BenchSupport.fmt(BenchSupport.percentile(p.overhead, 50) / floorP50),
                    BenchSupport.fmt(BenchSupport.percentile(p.overhead, 99) / floorP99)));
        }
        System.out.println();
        System.out.println("Where the 1-client overhead goes (event timestamps; same machine clock):");
        System.out.println();
        System.out.println("| phase of one job, 1 client | n | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|");
        breakdown.forEach((k, v) -> System.out.println(BenchSupport.row(k, v.size(), BenchSupport.percentile(v, 50),
                BenchSupport.percentile(v, 99))));
        System.out.println();
        for (int c : concurrencies) {
            List<Double> r = roundRatios.get(c);
            System.out.printf("overhead/floor, %d client(s), per round (median overhead / median floor of the same round): %s;"
                    + " median %s%n", c, fmtList(r), BenchSupport.fmt(BenchSupport.median(r)));
        }
        System.out.printf("load average at the end: %s%n", java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    }

    private static String fmtList(List<Double> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(BenchSupport.fmt(v)));
        return String.join(", ", s);
    }

    private static List<Double> column(double[][] samples, int i) {
        List<Double> out = new ArrayList<>();
        for (double[] s : samples) {
            out.add(s[i]);
        }
        return out;
    }

    /** Floor samples: [kafka round trip ms, s3 put+get ms]. */
    private double[][] floor(int n) throws Exception {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double k = kafka.roundTripMillis();
            long t0 = System.nanoTime();
            String key = "bench/floor/" + i + ".png";
            s3.put(key, image, "image/png");
            byte[] back = s3.get(key).orElseThrow();
            if (back.length != image.length) {
                throw new IllegalStateException("S3 gave back " + back.length + " bytes");
            }
            out[i] = new double[] {k, (System.nanoTime() - t0) / 1e6};
        }
        return out;
    }

    private double[] modelCounters() {
        return new double[] {
            BenchSupport.metric(worker, "upscaler_task_duration_seconds_sum", MODEL_LABEL),
            BenchSupport.metric(worker, "upscaler_task_duration_seconds_count", MODEL_LABEL)};
    }

    /** One job: end-to-end ms. */
    private double oneJob() {
        return oneJob(null);
    }

    /** One job: end-to-end ms; with {@code times}, also [epoch ms submit, 202, SSE seen] and the id. */
    private double oneJob(Object[] times) {
        long wall0 = epochMicros();
        long t0 = System.nanoTime();
        String id = BenchSupport.submit(gateway, image, key);
        long t1 = System.nanoTime();
        BenchSupport.Terminal end = BenchSupport.follow(gateway, id, key, Duration.ofMinutes(5));
        if (!"succeeded".equals(end.status())) {
            throw new IllegalStateException("job " + id + " ended " + end.status());
        }
        if (times != null) {
            times[0] = id;
            times[1] = wall0 / 1000.0;
            times[2] = (wall0 + (t1 - t0) / 1000) / 1000.0;
            times[3] = (wall0 + (end.nanoTime() - t0) / 1000) / 1000.0;
        }
        return (end.nanoTime() - t0) / 1e6;
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private void addBreakdown(Object[] times, double model) throws InterruptedException {
        String id = (String) times[0];
        double[] at = events.await(id, Duration.ofSeconds(5));
        if (at == null) {
            return;
        }
        List<List<Double>> cols = new ArrayList<>(breakdown.values());
        cols.get(0).add((double) times[2] - (double) times[1]);
        cols.get(1).add(at[0] - (double) times[2]);
        cols.get(2).add(at[1] - at[0] - model);
        cols.get(3).add((double) times[3] - at[1]);
    }

    private Phase sequential(int jobs) throws InterruptedException {
        Phase p = new Phase();
        long start = System.nanoTime();
        long excluded = 0;
        for (int i = 0; i < jobs; i++) {
            long s0 = System.nanoTime();
            double[] before = modelCounters();
            excluded += System.nanoTime() - s0;
            Object[] times = new Object[4];
            double e2e = oneJob(times);
            s0 = System.nanoTime();
            double[] after = modelCounters();
            // The count can lag the event by a moment (the timer stops before the output is stored,
            // so it cannot): one task, its own time.
            double count = after[1] - before[1];
            double model = count >= 1 ? (after[0] - before[0]) / count * 1000 : Double.NaN;
            p.e2e.add(e2e);
            p.model.add(model);
            p.overhead.add(e2e - model);
            addBreakdown(times, model);
            excluded += System.nanoTime() - s0;
        }
        p.rates.add(jobs / ((System.nanoTime() - start - excluded) / 1e9));
        return p;
    }

    private Phase concurrent(int jobs, int clients) throws Exception {
        Phase p = new Phase();
        double[] before = modelCounters();
        List<Double> e2e = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger left = new AtomicInteger(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    e2e.add(oneJob());
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double[] after = modelCounters();
        double meanModel = (after[0] - before[0]) / (after[1] - before[1]) * 1000;
        for (double e : e2e) {
            p.e2e.add(e);
            p.model.add(meanModel);
            p.overhead.add(e - meanModel);
        }
        p.rates.add(jobs / wall);
        return p;
    }

    private static final class Phase {
        final List<Double> e2e = new ArrayList<>();
        final List<Double> model = new ArrayList<>();
        final List<Double> overhead = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();

        void add(Phase other) {
            e2e.addAll(other.e2e);
            model.addAll(other.model);
            overhead.addAll(other.overhead);
            rates.addAll(other.rates);
        }

        double jobsPerSecond() {
            return rates.isEmpty() ? Double.NaN : rates.get(rates.size() - 1);
        }
    }

    /** Follows jobs.events: per job, the epoch ms of its task_started and task_succeeded events. */
    private static final class EventsTap implements AutoCloseable {
        private final Map<String, double[]> byJob = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean open = new AtomicBoolean(true);

        EventsTap(String bootstrap) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-pipeline-" + System.nanoTime());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(io.headshots.contracts.Topics.EVENTS));
            Thread t = new Thread(() -> {
                try (consumer) {
                    while (open.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            var e = io.headshots.contracts.Messages.fromJson(r.value(), io.headshots.contracts.JobEvent.class);
                            double ms = e.at().getEpochSecond() * 1000.0 + e.at().getNano() / 1e6;
                            double[] at = byJob.computeIfAbsent(e.jobId(), k -> new double[] {Double.NaN, Double.NaN});
                            switch (e.type()) {
                                case TASK_STARTED -> at[0] = ms;
                                case TASK_SUCCEEDED -> at[1] = ms;
                                default -> { }
                            }
                        }
                    }
                }
            }, "events-tap");
            t.setDaemon(true);
            t.start();
        }

        double[] await(String jobId, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                double[] at = byJob.get(jobId);
                if (at != null && !Double.isNaN(at[0]) && !Double.isNaN(at[1])) {
                    return at;
                }
                Thread.sleep(20);
            }
            return null;
        }

        @Override
        public void close() {
            open.set(false);
        }
    }

    /**
     * A producer (acks=all, as the gateway sends tasks) and one consumer on a one-partition topic.
     * Also the floor of {@link CapacityBench}.
     */
    static final class KafkaFloor implements AutoCloseable {
        private static final String TOPIC = "bench.floor";
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> consumer;
        private final SynchronousQueue<Long> received = new SynchronousQueue<>();
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final Thread poller;
        private final byte[] payload = new byte[300]; // about the size of an upscale task message
        private long sequence;

        KafkaFloor(String bootstrap) {
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin a = Admin.create(admin)) {
                a.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + TOPIC, e);
                }
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            poller = new Thread(this::poll, "floor-consumer");
            poller.setDaemon(true);
            poller.start();
        }

        private void poll() {
            while (open.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        received.put(Long.parseLong(r.key()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            consumer.close();
        }

        /** Send start to the moment the consumer thread has the record. */
        double roundTripMillis() throws Exception {
            long seq = ++sequence;
            long t0 = System.nanoTime();
            producer.send(new ProducerRecord<>(TOPIC, Long.toString(seq), payload));
            while (true) {
                Long got = received.poll(30, TimeUnit.SECONDS);
                if (got == null) {
                    throw new IllegalStateException("floor message " + seq + " not consumed in 30 s");
                }
                if (got == seq) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            }
        }

        @Override
        public void close() {
            open.set(false);
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static void log(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}
