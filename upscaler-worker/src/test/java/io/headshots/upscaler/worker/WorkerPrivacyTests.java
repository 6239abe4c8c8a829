package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.headshots.upscaler.config.UpscalerConfig;
import io.headshots.platform.testing.CapturedLogs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a worker leaves outside S3 while it does tasks (one that succeeds, one that fails on a bad
 * image, one whose job is gone): no job id, key or image in its log messages (the job and task ids
 * are fields of the lines, nothing else is), no job id in a metric label, nothing on local disk,
 * nothing in the model cache.
 */
@QuarkusTest
@QuarkusTestResource(value = UpscalerTestResources.class, restrictToAnnotatedClass = false)
class WorkerPrivacyTests {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Any UUID, job ids (UUIDv7) included. */
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // A sample counted inside a trace carries an exemplar after its value (OpenMetrics: " # {trace_id=...} ...").
    private static final Pattern JOB_GONE = Pattern.compile(
            "(?m)^upscaler_tasks_total\\{[^}]*outcome=\"job_gone\"[^}]*} (\\S+)(?: #.*)?$");

    @Inject
    JobStore jobs;

    @Inject
    UpscalerConfig config;

    private final JobIds ids = new JobIds(Clock.systemUTC());

    @Test
    void logsAtInfoAndAboveNameNoJobIdKeyOrImage() throws Exception {
        List<UpscaleTask> tasks;
        try (CapturedLogs logs = CapturedLogs.install()) {
            tasks = runOneOfEachOutcome();

            // The capture works: the failed task's line is there, with its code and nothing else.
            assertThat(logs.lines()).anyMatch(l -> l.contains("task failed: undecodable_image"));
            for (UpscaleTask task : tasks) {
                assertThat(logs.text()).doesNotContain(task.jobId()).doesNotContain(task.inputKey())
                        .doesNotContain(task.outputKey());
            }
            assertThat(logs.text()).doesNotContain(StorageKeys.ROOT).doesNotContainPattern(UUID);
        }
    }

    /**
     * The ids of a task are fields of its lines, never in the text: every line logged while a task is
     * decided and done carries its jobId and taskId (and the trace id), the start and end lines are
     * there with the model and outcome, and no field holds anything but those ids.
     */
    @Test
    void everyLineAboutATaskCarriesItsJobIdTaskIdAndTraceIdAsFieldsAndNoOtherField() throws Exception {
        List<UpscaleTask> tasks;
        List<CapturedLogs.Line> records;
        try (CapturedLogs logs = CapturedLogs.install()) {
            tasks = runOneOfEachOutcome();
            records = logs.records();
        }

        for (UpscaleTask task : tasks) {
            List<CapturedLogs.Line> about = records.stream()
                    .filter(r -> task.jobId().equals(r.fields().get("jobId"))).toList();
            assertThat(about).extracting(CapturedLogs.Line::text)
                    .anyMatch(t -> t.contains("task started: model realesrgan-x4fast, delivery 1"))
                    .anyMatch(t -> t.matches("(?s).*task ended: model realesrgan-x4fast, [a-z_]+, \\d+ ms.*"));
            assertThat(about).allSatisfy(r -> {
                assertThat(r.fields()).containsEntry("taskId", task.taskId());
                assertThat(r.fields().get("traceId")).matches("[0-9a-f]{32}");
            });
        }
        assertThat(records.stream().filter(r -> tasks.get(1).jobId().equals(r.fields().get("jobId"))))
                .extracting(CapturedLogs.Line::text).anyMatch(t -> t.contains("task failed: undecodable_image"))
                .anyMatch(t -> t.contains("task ended: model realesrgan-x4fast, failed"));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.fields().keySet()).isSubsetOf(ALLOWED_FIELDS);
            assertThat(String.join(" ", r.fields().values())).doesNotContain(StorageKeys.ROOT);
        });
    }

    /** What a log line's fields may hold: random ids that name no person, and the trace's ids. */
    private static final List<String> ALLOWED_FIELDS = List.of("jobId", "taskId", "traceId", "spanId", "sampled",
            "parentId");

    @Test
    void metricLabelsHoldNoJobIdOrKey() throws Exception {
        List<UpscaleTask> tasks = runOneOfEachOutcome();

        String scrape = WorkerScrape.metrics();

        assertThat(scrape).contains("upscaler_tasks_total{").doesNotContainPattern(UUID)
                .doesNotContain(StorageKeys.ROOT);
        for (UpscaleTask task : tasks) {
            assertThat(scrape).doesNotContain(task.jobId());
        }
    }

    @Test
    void tasksWriteNothingToLocalDiskAndLeaveTheModelCacheAsItWas() throws Exception {
        byte[] photo = UpscaleWorkerTests.photo(32, 32); // made before watching: ImageIO caches on disk
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        // ImageIO's disk cache of this process, and only this one, goes here while the tasks run.
        Path imageIoCache = Files.createTempDirectory("worker-privacy-imageio-");
        Map<String, String> modelsBefore = snapshot(config.modelsDir());
        List<Path> created = new ArrayList<>();
        ImageIO.setCacheDirectory(imageIoCache.toFile());
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            imageIoCache.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            runOneOfEachOutcome(photo);
            WatchKey key;
            while ((key = watch.poll()) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        created.add(((Path) key.watchable()).resolve(name));
                    }
                }
                key.reset();
            }
        } finally {
            ImageIO.setCacheDirectory(null);
            Files.deleteIfExists(imageIoCache);
        }

        assertThat(created).noneMatch(p -> p.startsWith(imageIoCache));
        // The temporary directory is shared with other processes: look for any image left there.
        assertThat(created).noneMatch(WorkerPrivacyTests::isImage);
        assertThat(snapshot(config.modelsDir())).isEqualTo(modelsBefore);
    }

    /** A task that succeeds, one that fails on an undecodable image, one whose job is gone; all done. */
    private List<UpscaleTask> runOneOfEachOutcome() throws Exception {
        return runOneOfEachOutcome(UpscaleWorkerTests.photo(32, 32));
    }

    private List<UpscaleTask> runOneOfEachOutcome(byte[] photo) throws Exception {
        double goneBefore = jobGone();
        UpscaleTask succeeds = prepare(photo, true);
        UpscaleTask fails = prepare(Arrays.copyOf(photo, photo.length / 3), true);
        UpscaleTask gone = prepare(photo, false);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (UpscaleTask task : List.of(succeeds, fails, gone)) {
                producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();
            }
        }
        assertThat(awaitResult(succeeds).outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(awaitResult(fails).outcome()).isEqualTo(TaskOutcome.FAILED);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> jobGone() > goneBefore);
        return List.of(succeeds, fails, gone);
    }

    private UpscaleTask prepare(byte[] image, boolean withJobRecord) {
        String jobId = ids.next();
        String inputKey = StorageKeys.input(jobId, "png");
        String outputKey = StorageKeys.upscaled(jobId, "image", "png");
        jobs.objects().put(inputKey, image, "image/png");
        Instant now = Instant.now();
        if (withJobRecord) {
            jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.UPSCALE, Tier.PREMIUM, now,
                    now.plus(Duration.ofHours(24)), inputKey, "png", 0, 0,
                    new JobRecord.UpscaleOptions("realesrgan-x4fast", 4, 0, 0, "png"),
                    List.of(new TaskSpec("t0", "image", "upscaled", null, outputKey))));
        }
        return new UpscaleTask(UpscaleTask.VERSION, jobId, "t0", inputKey, outputKey, "image", "realesrgan-x4fast", 4,
                0, 0, "png", now);
    }

    private TaskResult awaitResult(UpscaleTask task) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs.result(task.jobId(), task.taskId()), Optional::isPresent).orElseThrow();
    }

    private double jobGone() throws Exception {
        Matcher m = JOB_GONE.matcher(WorkerScrape.metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Name, size and modification time of every model file (locks aside, which fetches take). */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".lock")).toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static boolean isImage(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            return n >= 3 && ((head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N'
                    || (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF);
        } catch (IOException e) {
            return false; // gone again: someone else's short-lived file
        }
    }
}
