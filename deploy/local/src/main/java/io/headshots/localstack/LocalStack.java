package io.headshots.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real Kafka broker and a real S3 server on loopback, each in a child JVM. Integration tests use
 * {@link #shared()}: one stack per test JVM, started on first use on free ports, stopped and
 * deleted when the JVM exits (and, through a watchdog, even when it is killed).
 */
public final class LocalStack implements AutoCloseable {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String BUCKET = "headshots";

    private static LocalStack shared;

    private final Path data;
    private final boolean deleteOnClose;
    private final int kafkaPort;
    private final int controllerPort;
    private final int s3Port;
    private final ChildJvm kafka;
    private final ChildJvm s3;

    private LocalStack(Path data, boolean deleteOnClose, int kafkaPort, int controllerPort, int s3Port) {
        this.data = data;
        this.deleteOnClose = deleteOnClose;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.s3Port = s3Port;
        String parent = String.valueOf(ProcessHandle.current().pid());
        this.kafka = ChildJvm.of("kafka", "kafka.classpath", KafkaNode.class.getName(), data.resolve("kafka.log"),
                "512m", List.of("--data", data.resolve("kafka").toString(), "--port", String.valueOf(kafkaPort),
                        "--controller-port", String.valueOf(controllerPort), "--parent-pid", parent));
        this.s3 = ChildJvm.of("s3", "s3proxy.classpath", S3Node.class.getName(), data.resolve("s3.log"), "256m",
                List.of("--data", data.resolve("s3").toString(), "--port", String.valueOf(s3Port),
                        "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--parent-pid", parent));
    }

    /** The stack of this JVM, started on first call. */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            try {
                shared = new LocalStack(Files.createTempDirectory("headshots-stack-"), true, freePort(), freePort(),
                        freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.start();
            LocalStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        }
        return shared;
    }

    public void start() {
        s3.start();
        kafka.start();
        s3.awaitPort(s3Port, Duration.ofSeconds(60));
        kafka.awaitPort(kafkaPort, Duration.ofSeconds(90));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** The configuration every service needs to reach this stack, as Quarkus properties. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "s3.endpoint", s3Endpoint(),
                "s3.access-key", ACCESS_KEY,
                "s3.secret-key", SECRET_KEY,
                "s3.bucket", BUCKET);
    }

    /** Stops the broker (SIGTERM) and starts it again on the same port and data: a broker restart. */
    public void restartKafka() {
        kafka.stop(Duration.ofSeconds(30));
        kafka.start();
        kafka.awaitPort(kafkaPort, Duration.ofSeconds(90));
    }

    /**
     * Freezes the broker (SIGSTOP) until {@link #resumeKafka()}: connections stay open but nothing
     * answers, as with a hung or partitioned broker, so clients run into their timeouts.
     */
    public void pauseKafka() {
        signal("STOP", kafka.pid());
    }

    public void resumeKafka() {
        signal("CONT", kafka.pid());
    }

    private static void signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the S3 server until {@link #startS3()}: an outage. */
    public void stopS3() {
        s3.stop(Duration.ofSeconds(10));
    }

    public void startS3() {
        s3.start();
        s3.awaitPort(s3Port, Duration.ofSeconds(60));
    }

    @Override
    public synchronized void close() {
        kafka.stop(Duration.ofSeconds(20));
        s3.stop(Duration.ofSeconds(10));
        if (deleteOnClose) {
            deleteRecursively(data);
        }
    }

    /**
     * A port free now and never handed out before by this JVM. A port is only bound when its server
     * starts, so the kernel may offer it again meanwhile: a system-test gateway once got the same port
     * for its cluster member and its HTTP server, and its requests reached the cluster member.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port that was not handed out before, in 100 tries");
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind holds only test data
        }
    }
}
