package io.headshots.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.headshots.platform.storage.ObjectStore;

/**
 * One packaged Quarkus service ({@code MODULE/target/quarkus-app/quarkus-run.jar}) run as a child
 * process, started like {@code ./dev up} does: environment for Kafka and S3, a fixed port kept
 * across restarts, and a second one for its management interface (health and metrics, which the
 * public port does not answer). It can be stopped gracefully (SIGTERM) or crashed (SIGKILL).
 *
 * <p>A small shell watchdog per process kills it with SIGKILL once the test JVM is gone, so a
 * killed test run leaves no service behind (the broker and S3 server have their own watchdog).
 */
public final class ServiceProcess {
    private static final Set<ServiceProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ServiceProcess::kill), "services-stop"));
    }

    private final String name;
    private final Path app;
    private final int port;
    private final int managementPort;
    private final String heap;
    private final Map<String, String> env;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    private int lastExitCode = -1;

    ServiceProcess(String name, Path app, int port, int managementPort, String heap, Map<String, String> env,
            Map<String, String> properties, Path log) {
        this.name = name;
        this.app = app;
        this.port = port;
        this.managementPort = managementPort;
        this.heap = heap;
        this.env = Map.copyOf(env);
        this.properties = new LinkedHashMap<>(properties);
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where health ({@code /q/health}) and metrics ({@code /q/metrics}) answer. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized ServiceProcess start() {
        if (alive()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Ddev.component=" + name);
        command.add("-Xmx" + heap);
        // Start-up speed over peak speed: the machine these run on is small and shared.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        // As ./dev and the images run them (ObjectStore.asyncPoolWarning says why).
        command.add("-D" + ObjectStore.COMMON_POOL_PARALLELISM + "=4");
        // A native crash leaves its report beside the log, where tests look for it (never in the repo).
        command.add("-XX:ErrorFile=" + log.getParent().resolve("hs_err_" + name + "_%p.log"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            process = builder.start();
            watchdog(process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LIVE.add(this);
        return this;
    }

    /** Waits until {@code /q/health/ready} answers UP; fails at once, with the log, when the process died. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitHealth("ready", timeout);
    }

    public ServiceProcess awaitHealth(String which, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited while starting; log " + log + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> r = getManagement("/q/health/" + which);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not " + which + " after " + timeout + " (" + last + "); log "
                + log + ":\n" + tail(40));
    }

    /** True when {@code /q/health/live} answers 200. */
    public boolean live() {
        try {
            return getManagement("/q/health/live").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGTERM, then waits up to {@code grace} for the process to exit.
     *
     * @return how long it took to exit
     * @throws AssertionError when it is still running after {@code grace} (it is then killed)
     */
    public Duration terminate(Duration grace) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(name + " did not exit within " + grace + " of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(e);
        }
        lastExitCode = p.exitValue();
        forget(p);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Waits for the process to exit on its own (e.g. a start refused by the configuration).
     *
     * @return its exit status
     * @throws AssertionError when it still runs after {@code timeout} (it is then killed)
     */
    public int awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        try {
            if (p == null || !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(name + " still running after " + timeout + "; log:\n" + tail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(e);
        }
        forget(p);
        return p.exitValue();
    }

    /** The exit status of the last {@link #terminate}: 0 for a drained stop. */
    public synchronized int lastExitCode() {
        return lastExitCode;
    }

    /** Native crash reports (hs_err files) this service has left, of any of its runs. */
    public List<Path> crashReports() {
        try (var files = Files.list(log.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_" + name + "_")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: a crash, nothing runs in the process any more. */
    public void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forget(p);
    }

    private synchronized void forget(Process p) {
        if (process == p) {
            process = null;
            LIVE.remove(this);
        }
    }

    /** A plain GET on the service's port. */
    public HttpResponse<String> get(String path) throws IOException {
        return send(url() + path);
    }

    /** A plain GET on the service's management port ({@code /q/health/...}, {@code /q/metrics}). */
    public HttpResponse<String> getManagement(String path) throws IOException {
        return send(managementUrl() + path);
    }

    private static HttpResponse<String> send(String uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Sum of a Prometheus sample's values over all its series whose labels contain
     * {@code labelFilter}; 0 for a sample not exported (yet): counters made on first use.
     */
    public double metric(String name, String labelFilter) {
        String body;
        try {
            body = getManagement("/q/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PrometheusText.sum(body, name, labelFilter);
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Log text written since the given length, for checks of what one run logged. */
    public String logSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public long logLength() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ", port " + port + ", management port " + managementPort + ")";
    }

    /** Kills the child with SIGKILL as soon as this JVM is gone; ends by itself when the child does. */
    private static void watchdog(long child) throws IOException {
        long parent = ProcessHandle.current().pid();
        String script = "while kill -0 " + parent + " 2>/dev/null && kill -0 " + child + " 2>/dev/null; do sleep 1; done; "
                + "kill -0 " + parent + " 2>/dev/null || kill -9 " + child + " 2>/dev/null";
        new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
