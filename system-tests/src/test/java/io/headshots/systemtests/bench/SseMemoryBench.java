package io.headshots.systemtests.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import io.headshots.systemtests.support.Images;

/**
 * Gateway memory per open SSE connection: a few queued jobs (no worker runs, so they stay open),
 * many followers each. Measures the gateway's RSS (/proc/PID/status VmRSS) and heap used after a
 * full GC ({@code jcmd PID GC.run}, then the gateway's own {@code jvm_memory_used_bytes{area="heap"}})
 * with no stream open, with N/2 and with N, and checks that every connection got the initial
 * state event. Connections open in batches; each batch waits for its initial events.
 */
public final class SseMemoryBench {
    private final String gateway;
    private final long pid;
    private final String key;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final List<CompletableFuture<?>> streams = new ArrayList<>();
    private final AtomicInteger firstEvents = new AtomicInteger();
    private final AtomicInteger notQueued = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, Integer> errors = new ConcurrentHashMap<>();

    private SseMemoryBench(String gateway, long pid, String key) {
        this.gateway = gateway;
        this.pid = pid;
        this.key = key;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = BenchSupport.args(argv);
        SseMemoryBench bench = new SseMemoryBench(a.get("gateway"), Long.parseLong(a.get("pid")),
                a.getOrDefault("key", "dev-premium-key"));
        int exit = bench.run(Integer.parseInt(a.getOrDefault("connections", "10000")),
                Integer.parseInt(a.getOrDefault("jobs", "5")), Integer.parseInt(a.getOrDefault("batch", "250")));
        System.exit(exit);
    }

    private int run(int n, int jobCount, int batch) throws Exception {
        byte[] image = Images.png(32, 32);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < jobCount; i++) {
            jobs.add(BenchSupport.submit(gateway, image, key));
        }
        log(jobCount + " jobs queued (no worker runs: they stay queued and their streams stay open)");
        // Warm the SSE path (class loading, JIT of the first requests) on a job of its own, then
        // delete that job: the gateway sends 'deleted' and ends those streams itself.
        String warm = BenchSupport.submit(gateway, image, key);
        open(List.of(warm), 50, 50);
        if (!awaitFirst(50, Duration.ofSeconds(60))) {
            throw new IllegalStateException("warm-up streams failed: " + errors);
        }
        HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + warm))
                .header("Authorization", "Bearer " + key).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        long warmDeadline = System.nanoTime() + 30_000_000_000L;
        while (streams.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < warmDeadline) {
            Thread.sleep(100);
        }
        log("warm-up: 50 streams, job deleted (" + deleted.statusCode() + "), "
                + streams.stream().filter(CompletableFuture::isDone).count() + " of them ended by the gateway");
        streams.forEach(f -> f.cancel(true));
        streams.clear();
        firstEvents.set(0);
        notQueued.set(0);
        failed.set(0);
        errors.clear();
        Thread.sleep(2000);

        Memory m0 = measure();
        Map<String, long[]> histogram0 = histogram();
        log("0 connections: " + m0);
        int half = n / 2;
        int opened = openUpTo(jobs, half, batch);
        Memory mHalf = measure();
        log(opened + " connections: " + mHalf);
        int openedAll = openUpTo(jobs, n, batch);
        Memory mAll = measure();
        Map<String, long[]> histogramAll = histogram();
        log(openedAll + " connections: " + mAll);
        // Still open? Every stream must still be waiting (none ended: the jobs are queued).
        long ended = streams.stream().filter(CompletableFuture::isDone).count();

        System.out.println();
        System.out.printf("sse-memory: %d jobs, %d connections asked, %d opened, %d got the initial state event "
                + "(%d of them not 'queued'), %d failed, %d ended early%s%n%n", jobCount, n, openedAll,
                firstEvents.get(), notQueued.get(), failed.get(), ended, errors.isEmpty() ? "" : "; errors " + errors);
        System.out.println("| open SSE connections | gateway RSS MiB | heap used after GC MiB |");
        System.out.println("|---:|---:|---:|");
        for (Object[] r : new Object[][] {{0, m0}, {opened, mHalf}, {openedAll, mAll}}) {
            Memory m = (Memory) r[1];
            System.out.println(BenchSupport.row(r[0], m.rss / 1048576.0, m.heap / 1048576.0));
        }
        System.out.println();
        System.out.println("| per connection | RSS bytes | heap bytes (after GC) |");
        System.out.println("|---|---:|---:|");
        System.out.println(BenchSupport.row("0 -> " + openedAll + " (mean)", per(mAll.rss - m0.rss, openedAll),
                per(mAll.heap - m0.heap, openedAll)));
        System.out.println(BenchSupport.row("0 -> " + opened + " (mean)", per(mHalf.rss - m0.rss, opened),
                per(mHalf.heap - m0.heap, opened)));
        System.out.println(BenchSupport.row(opened + " -> " + openedAll + " (slope)", per(mAll.rss - mHalf.rss,
                openedAll - opened), per(mAll.heap - mHalf.heap, openedAll - opened)));
        System.out.printf("%nper 10,000 connections (slope): RSS %.1f MiB, heap %.1f MiB%n",
                (mAll.rss - mHalf.rss) / (double) (openedAll - opened) * 10000 / 1048576.0,
                (mAll.heap - mHalf.heap) / (double) (openedAll - opened) * 10000 / 1048576.0);
        System.out.println();
        System.out.println("Heap per connection by class (jcmd GC.class_histogram, live objects, 0 -> " + openedAll
                + " connections; the 12 largest growths):");
        System.out.println();
        System.out.println("| class | instances per connection | bytes per connection |");
        System.out.println("|---|---:|---:|");
        histogramAll.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                    e.getValue()[0] - histogram0.getOrDefault(e.getKey(), new long[2])[0],
                    e.getValue()[1] - histogram0.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .limit(12)
                .forEach(e -> System.out.println(BenchSupport.row("`" + e.getKey() + "`",
                        String.format("%.2f", e.getValue()[0] / (double) openedAll),
                        String.format("%.0f", e.getValue()[1] / (double) openedAll))));
        System.out.println();
        boolean ok = firstEvents.get() == openedAll && openedAll == n && failed.get() == 0 && ended == 0;
        System.out.println(ok ? "check: every connection got the initial state event and stayed open"
                : "check FAILED: not every connection opened, got its initial event and stayed open");
        return ok ? 0 : 1;
    }

    private static String per(long bytes, int count) {
        return count <= 0 ? "-" : String.format("%.0f", bytes / (double) count);
    }

    private int openUpTo(List<String> jobs, int target, int batch) throws InterruptedException {
        while (streams.size() < target) {
            int k = Math.min(batch, target - streams.size());
            int expected = streams.size() + k;
            open(jobs, k, expected);
            if (!awaitFirst(expected, Duration.ofSeconds(120))) {
                log("stopped opening at " + streams.size() + ": " + firstEvents.get() + " initial events, "
                        + failed.get() + " failed " + errors);
                break;
            }
            if (streams.size() % 2000 == 0) {
                log(streams.size() + " open");
            }
        }
        return streams.size();
    }

    private void open(List<String> jobs, int k, int expectedTotal) {
        for (int i = 0; i < k; i++) {
            String job = jobs.get(streams.size() % jobs.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + job + "/events"))
                    .header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream")
                    .GET().build();
            streams.add(client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new FirstEvent()))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            errors.merge(String.valueOf(e.getClass().getSimpleName()), 1, Integer::sum);
                        } else if (r.statusCode() != 200) {
                            failed.incrementAndGet();
                            errors.merge("HTTP " + r.statusCode(), 1, Integer::sum);
                        }
                    }));
        }
    }

    private boolean awaitFirst(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (firstEvents.get() + failed.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return failed.get() == 0;
    }

    /** Counts the first {@code data:} line of each stream; keeps reading (and dropping) the rest. */
    private final class FirstEvent implements Flow.Subscriber<String> {
        private boolean seen;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!seen && line.startsWith("data:")) {
                seen = true;
                if (!line.contains("\"status\":\"queued\"")) {
                    notQueued.incrementAndGet();
                }
                firstEvents.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    private record Memory(long rss, long heap) {
        @Override
        public String toString() {
            return String.format("RSS %.1f MiB, heap after GC %.1f MiB", rss / 1048576.0, heap / 1048576.0);
        }
    }

    /** Full GC twice, a moment to settle, then RSS and heap used. */
    private Memory measure() throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        }
        Thread.sleep(1000);
        long heap = (long) BenchSupport.metric(gateway, "jvm_memory_used_bytes", "area=\"heap\"");
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return new Memory(rss, heap);
    }

    /** class name -> [instances, bytes] of live objects (the histogram runs a full GC first). */
    private Map<String, long[]> histogram() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, long[]> out = new java.util.HashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                try {
                    out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException header) {
                    // not a class line
                }
            }
        }
        p.waitFor();
        return out;
    }

    private static void log(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}
