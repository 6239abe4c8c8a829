package io.headshots.systemtests.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.headshots.contracts.Lane;
import io.headshots.contracts.Topics;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;

/**
 * Submissions per second through the gateway against two floors measured in the same run, on the
 * same S3 server and broker, with the same Java S3 client (the platform's {@link ObjectStore}, MinIO
 * SDK) and the same number of concurrent clients:
 * <ul>
 * <li><b>bare submission</b>: the storage work of one submission done directly, in the gateway's
 * order: the upload and the tenant index entry in parallel, then {@code job.json}, then the task
 * record sent with {@code acks=all} and awaited (to the premium upscale lane, which no worker reads here), then the queued marker (not awaited, as the gateway
 * does it); same object sizes as a real submission (read back from the store);</li>
 * <li><b>raw PUT</b>: one small PUT per operation, the S3 server's own rate.</li>
 * </ul>
 * Phases alternate A B C C B A (raw, bare, gateway) so that drift in the machine's load hits each
 * side alike, and the sequence is run {@code repeats} times (default 2): on this 2-core machine one
 * 15-s phase of the floor moved by up to 54% from another, so each ratio is of the means of all
 * phases, and each sequence's own ratio is printed beside it. Not a test: prints a Markdown table.
 *
 * <p>Arguments: {@code --gateway URL --s3 URL --kafka HOST:PORT [--concurrency 8] [--seconds 15]
 * [--warmup-s 3] [--warmup-rounds 12] [--repeats 2] [--key dev-premium-key]}: each warm-up round runs every
 * phase for 10 s unmeasured before the measured sequences, each phase also gets {@code warmup-s} of its
 * own. Twelve rounds, because the gateway's JIT is slow to finish on 2 shared cores: after one round
 * its C2 compiler took about 30% of its CPU in the measured phases, after eight still 20-30% (the S3
 * server's and this harness's had fallen to a few percent), and its warm-up rounds' rate rose until
 * about the eleventh (a 20-round run, session 10). The gateway phase's clients send over one
 * keep-alive connection each ({@link KeepAliveConnection}), so that the load generator takes next to
 * no CPU from the gateway it measures.
 */
public final class SubmissionBench {
    private static final String PREFIX = "bench-submission/";

    private final String gateway;
    private final String key;
    private final ObjectStore objects;
    private final KafkaProducer<String, byte[]> producer;
    private final int concurrency;
    private final byte[] image;
    private byte[] record;
    private byte[] task;

    private SubmissionBench(Map<String, String> args) {
        this.gateway = args.get("gateway");
        this.key = args.getOrDefault("key", "dev-premium-key");
        this.concurrency = Integer.parseInt(args.getOrDefault("concurrency", "8"));
        this.objects = BenchSupport.jobStore(args.get("s3")).objects();
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("kafka"),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.image = Images.png(32, 32);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchSupport.args(argv);
        Duration measure = Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", "15")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup-s", "3")));
        int warmupRounds = Integer.parseInt(args.getOrDefault("warmup-rounds", "12"));
        int repeats = Integer.parseInt(args.getOrDefault("repeats", "2"));
        SubmissionBench bench = new SubmissionBench(args);
        bench.learnSizes();
        // The S3 server and the broker reach their speed after a minute or two of work (JIT), the
        // gateway after several: unmeasured rounds of every phase first, so the measured order starts warm.
        for (int round = 0; round < warmupRounds; round++) {
            for (Phase phase : Phase.values()) {
                Result r = bench.run(phase, Duration.ofSeconds(10));
                System.err.printf("warm-up %s: %.0f/s%n", phase, r.perSecond);
            }
        }
        List<Phase> order = List.of(Phase.RAW_PUT, Phase.BARE, Phase.GATEWAY, Phase.GATEWAY, Phase.BARE,
                Phase.RAW_PUT);
        Map<Phase, List<Result>> results = new EnumMap<>(Phase.class);
        List<Double> sequenceRatios = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++) {
            Map<Phase, List<Result>> sequence = new EnumMap<>(Phase.class);
            for (Phase phase : order) {
                bench.run(phase, warmup);
                Result r = bench.run(phase, measure);
                System.err.printf("%s: %.0f/s p50 %.1f ms p99 %.1f ms%n", phase, r.perSecond, r.p50, r.p99);
                results.computeIfAbsent(phase, p -> new ArrayList<>()).add(r);
                sequence.computeIfAbsent(phase, p -> new ArrayList<>()).add(r);
            }
            sequenceRatios.add(mean(sequence.get(Phase.GATEWAY)) / mean(sequence.get(Phase.BARE)));
        }
        bench.producer.close();
        double raw = mean(results.get(Phase.RAW_PUT));
        double bare = mean(results.get(Phase.BARE));
        double gw = mean(results.get(Phase.GATEWAY));
        System.out.println();
        System.out.printf("%d concurrent clients, %d s per phase (after %d warm-up round(s) of 10 s per phase and %d s"
                + " before each), order A B C C B A %d time(s); %d cores%n", bench.concurrency, measure.toSeconds(),
                warmupRounds, warmup.toSeconds(), repeats, Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.println("| phase | operations/s (each phase, in order) | p50 ms | p99 ms | gateway submissions vs it |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Phase phase : List.of(Phase.RAW_PUT, Phase.BARE, Phase.GATEWAY)) {
            List<Result> rs = results.get(phase);
            double m = mean(rs);
            System.out.println(BenchSupport.row(phase.label, each(rs, r -> String.format("%.0f", r.perSecond)),
                    each(rs, r -> String.format("%.1f", r.p50)), each(rs, r -> String.format("%.1f", r.p99)),
                    String.format("%.3f", gw / m)));
        }
        System.out.printf("%nsubmission vs bare submission: %.3f (each A B C C B A sequence: %s); vs raw PUT: %.3f"
                + " (a submission makes 4 PUTs)%n", gw / bare,
                String.join(", ", sequenceRatios.stream().map(r -> String.format("%.3f", r)).toList()), gw / raw);
        System.exit(0);
    }

    private static String each(List<Result> rs, Function<Result, String> value) {
        return String.join(" / ", rs.stream().map(value).toList());
    }

    private static double mean(List<Result> rs) {
        return rs.stream().mapToDouble(r -> r.perSecond).average().orElseThrow();
    }

    /** One submission through the gateway; the sizes of its record and task message are the real ones. */
    private void learnSizes() throws Exception {
        String id = gatewaySubmit();
        String hourless = objects.list("", true).stream().filter(k -> k.endsWith(id + "/job.json")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no job.json for " + id));
        this.record = objects.get(hourless).orElseThrow();
        // The task message names the job, the task and the keys: about the record's size without the list.
        this.task = ("{\"version\":1,\"jobId\":\"" + id + "\",\"taskId\":\"upscale\",\"inputKey\":\""
                + hourless.replace("job.json", "input.png") + "\",\"outputKey\":\""
                + hourless.replace("job.json", "outputs/upscale.png") + "\",\"scale\":2,\"model\":\"realesrgan-x4fast\"}")
                .getBytes(StandardCharsets.UTF_8);
        System.err.printf("job.json %d bytes, task message %d bytes, upload %d bytes%n", record.length, task.length,
                image.length);
    }

    private Result run(Phase phase, Duration length) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency * 2);
        long end = System.nanoTime() + length.toNanos();
        AtomicLong done = new AtomicLong();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (KeepAliveConnection connection = phase == Phase.GATEWAY ? gatewayConnection() : null) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        switch (phase) {
                            case RAW_PUT -> objects.put(PREFIX + "raw/" + UUID.randomUUID(), image, "image/png");
                            case BARE -> bareSubmission(pool);
                            case GATEWAY -> gatewaySubmit(connection);
                        }
                        latencies.add((System.nanoTime() - t0) / 1e6);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(phase + " failed", e);
                }
            }, pool));
        }
        long start = System.nanoTime();
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        List<Double> sorted = new ArrayList<>(latencies);
        return new Result(done.get() / seconds, BenchSupport.percentile(sorted, 50), BenchSupport.percentile(sorted, 99));
    }

    private void bareSubmission(ExecutorService pool) throws Exception {
        String job = PREFIX + "jobs/" + UUID.randomUUID() + "/";
        CompletableFuture<Void> index = CompletableFuture.runAsync(
                () -> objects.put(PREFIX + "tenants/t/" + UUID.randomUUID(), new byte[0], "application/octet-stream"),
                pool);
        objects.put(job + "input.png", new ByteArrayInputStream(image), image.length, "image/png");
        index.join();
        objects.put(job + "job.json", record, "application/json");
        producer.send(new ProducerRecord<>(Topics.upscale(Lane.PREMIUM), UUID.randomUUID().toString(), task)).get();
        CompletableFuture.runAsync(() -> objects.put(job + "queued.json", "{\"queuedAt\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8), "application/json"), pool);
    }

    private String gatewaySubmit() {
        return BenchSupport.submit(gateway, image, key);
    }

    /** A client's connection to the gateway: the submission of {@link BenchSupport#submit}, prepared once. */
    private KeepAliveConnection gatewayConnection() {
        Multipart form = Multipart.image(image).fields("scale", "2", "model", "realesrgan-x4fast");
        return new KeepAliveConnection(URI.create(gateway), "/v1/upscales", form.contentType(), "Bearer " + key,
                form.bytes());
    }

    private static void gatewaySubmit(KeepAliveConnection connection) throws IOException {
        KeepAliveConnection.Answer answer = connection.send();
        if (answer.status() != 202 || !answer.body().contains("\"id\"")) {
            throw new IllegalStateException("submission answered " + answer.status() + ": " + answer.body());
        }
    }

    private enum Phase {
        RAW_PUT("raw S3 PUT (32x32 PNG)"),
        BARE("bare submission (4 PUTs + acks=all send, gateway's order)"),
        GATEWAY("`POST /v1/upscales` through the gateway");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private record Result(double perSecond, double p50, double p99) {
    }
}
