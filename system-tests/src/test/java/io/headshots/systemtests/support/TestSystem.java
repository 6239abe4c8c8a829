package io.headshots.systemtests.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.headshots.contracts.UpscaleModels;
import io.headshots.localstack.LocalStack;
import io.headshots.models.ModelStore;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;

/**
 * The system under test of this JVM: the shared local stack (real Kafka broker, real S3 server),
 * one gateway started on first use and shared by every test class, and upscaler (and generator)
 * workers that each test class starts, crashes and stops itself. Every process is the packaged app.
 */
public final class TestSystem {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** The fast model: every scenario uses it, so tasks take seconds, not minutes. */
    public static final String MODEL = "realesrgan-x4fast";

    /** API key of a tenant that may have one job queued or running at a time (every gateway of the tests). */
    public static final String ONE_JOB_KEY = "system-tests-one-job-key";
    /** API key of a tenant that may make {@value #SLOW_RATE_PER_MINUTE} requests a minute. */
    public static final String SLOW_KEY = "system-tests-slow-key";
    public static final int SLOW_RATE_PER_MINUTE = 6;

    private static TestSystem instance;

    private final LocalStack stack;
    private final Path root;
    private final Path work;
    private final Path modelsDir;
    private final JobStore jobs;
    private final String clusterName = "system-tests-" + UUID.randomUUID();
    private final int clusterPort = LocalStack.freePort();
    private ServiceProcess gateway;
    private int workers;
    private int generators;

    private TestSystem() {
        root = Path.of(System.getProperty("system-tests.root", "..")).toAbsolutePath().normalize();
        work = Path.of(System.getProperty("system-tests.work", "target/system-tests")).toAbsolutePath().normalize();
        // The worker is ready only when every offered model is on disk; the cache fills once.
        Path dir = null;
        for (UpscaleModels.Model model : UpscaleModels.all()) {
            dir = ModelStore.defaultStore().ensure(model.name()).getParent();
        }
        modelsDir = dir;
        stack = LocalStack.shared();
        ObjectStore objects = ObjectStore.connect(new StackS3(stack));
        objects.ensureBucket();
        jobs = new JobStore(objects);
    }

    public static synchronized TestSystem get() {
        if (instance == null) {
            instance = new TestSystem();
        }
        return instance;
    }

    public LocalStack stack() {
        return stack;
    }

    public JobStore jobs() {
        return jobs;
    }

    public Path work() {
        return work;
    }

    /** The shared gateway, started (or started again) and ready. */
    public synchronized ServiceProcess gateway() {
        if (gateway == null) {
            Map<String, String> props = gatewayProperties();
            props.put("gateway.cluster.port", Integer.toString(clusterPort));
            gateway = service("api-gateway", "api-gateway", "384m", props);
        }
        if (!gateway.alive()) {
            gateway.start().awaitReady(START_TIMEOUT);
        }
        return gateway;
    }

    /**
     * An extra gateway (not the shared one), not started: {@code env} is laid over the local stack's
     * environment (e.g. {@code QUARKUS_PROFILE=prod} for a production start). It joins the shared
     * gateway's cluster.
     */
    public ServiceProcess newGateway(String name, Map<String, String> env) {
        return service("api-gateway", name, "384m", env, Map.of());
    }

    /** Another replica of the shared gateway, configured alike (tenants, quotas), in its cluster; not started. */
    public ServiceProcess newGatewayReplica(String name) {
        return newGatewayReplica(name, Map.of());
    }

    /**
     * A replica configured like the shared gateway, with {@code env} laid over it: the tenants' limits
     * of one cluster must agree, since a rate bucket lives in the cluster and any member may serve it.
     */
    public ServiceProcess newGatewayReplica(String name, Map<String, String> env) {
        return service("api-gateway", name, "384m", env, gatewayProperties());
    }

    /**
     * Tests poll job status often and keep many jobs in flight: the demo tenants' quotas are lifted.
     * Two tenants of small limits exist for the tests of limits across replicas (GatewayReplicasIT).
     */
    private static Map<String, String> gatewayProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("gateway.quotas.rate-per-minute", "1000000");
        props.put("gateway.quotas.max-concurrent-jobs", "1000");
        props.put("gateway.tenants.replicas-one-job.key-sha256", sha256(ONE_JOB_KEY));
        props.put("gateway.tenants.replicas-one-job.max-concurrent-jobs", "1");
        props.put("gateway.tenants.replicas-slow.key-sha256", sha256(SLOW_KEY));
        props.put("gateway.tenants.replicas-slow.rate-per-minute", Integer.toString(SLOW_RATE_PER_MINUTE));
        // Stranded jobs (StrandedJobIT) are found within seconds, not the production minute.
        props.put("gateway.jobs.stranded-after", "PT5S");
        props.put("gateway.jobs.stranded-check-interval", "PT1S");
        return props;
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public GatewayClient client() {
        return new GatewayClient(gateway().url());
    }

    /** A client of the shared gateway that authenticates with {@code key}. */
    public GatewayClient client(String key) {
        return new GatewayClient(gateway().url(), key);
    }

    /**
     * A new upscaler worker in the shared share group, not started yet. Defaults keep tests quick
     * and honest on a small shared machine: one ONNX thread, a 3 s record lock (renewed while a task
     * runs) so a crashed worker's task is delivered again within seconds, and a 2 s cap on the S3
     * retry backoff.
     */
    /** The record lock of the test workers' share groups: short, so crash redelivery is quick. */
    public static final String LOCK_DURATION = "PT3S";

    public ServiceProcess newWorker(Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("upscaler.intra-op-threads", "1");
        props.put("headshots.queue.lock-duration", LOCK_DURATION);
        props.put("upscaler.retry.max-backoff", "PT2S");
        props.putAll(overrides);
        String name;
        synchronized (this) {
            name = "upscaler-worker-" + (++workers);
        }
        return service("upscaler-worker", name, "768m", props);
    }

    /**
     * A new generator worker (share group {@code generator-worker}, both generate lanes)
     * running the diffusion engine on {@code modelDir}, not started yet: {@code GENERATOR_ENGINE=diffusion}
     * and {@code GENERATOR_DIFFUSION_MODEL_DIR} in its environment, as an operator sets them. The
     * default (compositing) engine has {@link #newGenerator}. Same quick defaults as {@link #newWorker}.
     */
    public ServiceProcess newDiffusionGenerator(Path modelDir, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GENERATOR_ENGINE", "diffusion");
        env.put("GENERATOR_DIFFUSION_MODEL_DIR", modelDir.toAbsolutePath().toString());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("generator.intra-op-threads", "1");
        props.put("headshots.queue.lock-duration", LOCK_DURATION);
        props.put("generator.retry.max-backoff", "PT2S");
        props.putAll(overrides);
        String name;
        synchronized (this) {
            name = "generator-worker-" + (++generators);
        }
        return service("generator-worker", name, "768m", env, props);
    }

    /**
     * A new generator worker on the default (compositing) engine with its real models, fetched into
     * the shared cache on first use, not started yet. Same quick defaults as {@link #newWorker}.
     */
    public ServiceProcess newGenerator(Map<String, String> overrides) {
        // CompositingEngine.requiredModels("isnet-matting"); not called: the worker's ONNX Runtime is not on this classpath
        for (String model : List.of("blazeface-front-128", "blazeface-back-256", "dlib-resnet-face-descriptor",
                "isnet-matting")) {
            ModelStore.defaultStore().ensure(model);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("generator.intra-op-threads", "1");
        props.put("headshots.queue.lock-duration", LOCK_DURATION);
        props.put("generator.retry.max-backoff", "PT2S");
        props.putAll(overrides);
        String name;
        synchronized (this) {
            name = "generator-worker-" + (++generators);
        }
        return service("generator-worker", name, "1536m", props);
    }

    /** Small tiles (and no overlap to speak of) so that a tiny image still takes a few seconds of tiles. */
    public static Map<String, String> slowTiles(int tileSize) {
        Map<String, String> props = new HashMap<>();
        props.put("upscaler.tile-size", String.valueOf(tileSize));
        props.put("upscaler.overlap", "2");
        props.put("upscaler.progress-interval", "PT0S");
        return props;
    }

    private ServiceProcess service(String module, String name, String heap, Map<String, String> props) {
        return service(module, name, heap, Map.of(), props);
    }

    private ServiceProcess service(String module, String name, String heap, Map<String, String> extraEnv,
            Map<String, String> props) {
        Path app = PackagedApps.snapshot(root, work, module);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("S3_ENDPOINT", stack.s3Endpoint());
        env.put("S3_ACCESS_KEY", LocalStack.ACCESS_KEY);
        env.put("S3_SECRET_KEY", LocalStack.SECRET_KEY);
        env.put("S3_BUCKET", LocalStack.BUCKET);
        env.put("HEADSHOT_MODELS_DIR", modelsDir.toString());
        // One partition per topic: the hardest case for a fleet, which share groups must still feed.
        env.put("HEADSHOTS_TOPICS_PARTITIONS", "1");
        // The local stack's profile: production settings plus the demo tenants the tests use.
        env.put("QUARKUS_PROFILE", "prod,local");
        // As in compose and Kubernetes: JSON lines, with jobId, taskId and traceId fields (JobTraceIT).
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        env.putAll(extraEnv);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("java.io.tmpdir", work.resolve("tmp").toString());
        if (module.equals("api-gateway")) {
            // Every gateway of this JVM is a member of one cluster, named for this JVM alone (never a
            // developer's ./dev up), each on its own port, joining through the shared gateway's.
            all.put("gateway.cluster.name", clusterName);
            all.put("gateway.cluster.bind-address", "127.0.0.1");
            all.put("gateway.cluster.port", Integer.toString(LocalStack.freePort()));
            all.put("gateway.cluster.members", "127.0.0.1:" + clusterPort);
        }
        all.putAll(props);
        work.resolve("tmp").toFile().mkdirs();
        return new ServiceProcess(name, app, LocalStack.freePort(), LocalStack.freePort(), heap, env, all, work.resolve("logs").resolve(name + ".log"));
    }

    private record StackS3(LocalStack stack) implements io.headshots.platform.storage.S3Config {
        @Override
        public String endpoint() {
            return stack.s3Endpoint();
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public String accessKey() {
            return LocalStack.ACCESS_KEY;
        }

        @Override
        public String secretKey() {
            return LocalStack.SECRET_KEY;
        }

        @Override
        public String bucket() {
            return LocalStack.BUCKET;
        }

        @Override
        public boolean createBucket() {
            return true;
        }
    }
}
