package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.upscaler.config.UpscalerConfig;
import io.headshots.upscaler.engine.UpscaleEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job deleted while its task is in flight, against the real broker and S3 server: nothing the
 * worker writes may outlive the deletion, whenever it happens. The case of a task still queued when
 * its job is deleted is {@link UpscaleWorkerTests#taskOfADeletedJobWritesNothing}.
 */
@QuarkusTest
@QuarkusTestResource(value = UpscalerTestResources.class, restrictToAnnotatedClass = false)
class JobDeletionRaceTests {
    private static final Duration WAIT = Duration.ofSeconds(120);
    // A sample counted inside a trace carries an exemplar after its value (OpenMetrics: " # {trace_id=...} ...").
    private static final Pattern JOB_GONE = Pattern.compile(
            "(?m)^upscaler_tasks_total\\{[^}]*outcome=\"job_gone\"[^}]*} (\\S+)(?: #.*)?$");
    private static final Pattern TILES = Pattern.compile("(?m)^upscaler_tiles_total(?:\\{[^}]*})? (\\S+)(?: #.*)?$");

    @Inject
    JobStore jobs;

    @Inject
    UpscaleEngine engine;

    @Inject
    JobEventPublisher events;

    @Inject
    VerifyTaskPublisher verifications;

    @Inject
    UpscalerConfig config;

    @Test
    void deletingTheJobWhileItsTaskRunsStopsTheWorkerAtTheNextTileAndLeavesNothing() throws Exception {
        double goneBefore = metric(JOB_GONE);
        double tilesBefore = metric(TILES);
        // x4plus on 32 px tiles: 25 tiles of a second or more each on a CPU, so the task runs long
        // enough to be deleted in the middle.
        UpscaleTask task = prepare(UpscaleWorkerTests.photo(128, 128), "realesrgan-x4plus", true);
        publish(task);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> metric(TILES) > tilesBefore);

        Instant deletedAt = Instant.now();
        jobs.deleteJob(task.jobId());

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> metric(JOB_GONE) > goneBefore);
        assertThat(Duration.between(deletedAt, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(jobs.objects().list(StorageKeys.jobPrefix(task.jobId()), true)).isEmpty();
        List<JobEvent> seen = eventsOf(task.jobId());
        assertThat(seen).extracting(JobEvent::type).contains(JobEvent.Type.TASK_STARTED, JobEvent.Type.TASK_PROGRESS)
                .doesNotContain(JobEvent.Type.TASK_SUCCEEDED, JobEvent.Type.TASK_FAILED);
        JobEvent last = seen.stream().filter(e -> e.type() == JobEvent.Type.TASK_PROGRESS)
                .reduce((a, b) -> b.done() >= a.done() ? b : a).orElseThrow();
        assertThat(last.done()).as("tiles done before the worker stopped").isLessThan(last.total());
    }

    /** Where, in the worker's writing, the job's deletion lands. */
    enum DeletedWhen { BEFORE_THE_OUTPUT_WRITE, BETWEEN_OUTPUT_AND_RESULT, AFTER_THE_RESULT_WRITE }

    @ParameterizedTest
    @EnumSource(DeletedWhen.class)
    void aWorkerThatWritesAfterItsJobWasDeletedRemovesWhatItWrote(DeletedWhen when) throws Exception {
        UpscaleTask task = prepare(UpscaleWorkerTests.photo(32, 32), "realesrgan-x4fast", true);
        // The worker's own view of the store; the deletion goes through another client, as the
        // gateway's DELETE or a retention sweep would.
        ObjectStore racing = new ObjectStore(client(), jobs.objects().bucket()) {
            @Override
            public void put(String key, byte[] bytes, String contentType) {
                if (when == DeletedWhen.BEFORE_THE_OUTPUT_WRITE && key.equals(task.outputKey())) {
                    jobs.deleteJob(task.jobId());
                }
                super.put(key, bytes, contentType);
                afterWrite(key);
            }

            @Override
            public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
                boolean written = super.putIfAbsent(key, bytes, contentType); // how a result is recorded
                afterWrite(key);
                return written;
            }

            private void afterWrite(String key) {
                if (when == DeletedWhen.BETWEEN_OUTPUT_AND_RESULT && key.equals(task.outputKey())
                        || when == DeletedWhen.AFTER_THE_RESULT_WRITE
                                && key.equals(StorageKeys.taskResult(task.jobId(), task.taskId()))) {
                    jobs.deleteJob(task.jobId());
                }
            }
        };
        UpscaleTaskHandler handler = new UpscaleTaskHandler(new JobStore(racing), engine, events, verifications,
                config, new SimpleMeterRegistry(), OpenTelemetry.noop());

        assertThat(handler.handle(task)).isEqualTo(UpscaleTaskHandler.Outcome.JOB_GONE);

        assertThat(jobs.objects().list(StorageKeys.jobPrefix(task.jobId()), true)).isEmpty();
        // A redelivery of the same task cannot bring anything back either.
        assertThat(handler.handle(task)).isEqualTo(UpscaleTaskHandler.Outcome.JOB_GONE);
        assertThat(jobs.objects().list(StorageKeys.jobPrefix(task.jobId()), true)).isEmpty();
    }

    private UpscaleTask prepare(byte[] image, String model, boolean withJobRecord) {
        return storedTask(jobs, image, model, withJobRecord);
    }

    /** A job of one upscale task ({@code t0}, scale 4) whose input is stored, with or without its record. */
    static UpscaleTask storedTask(JobStore jobs, byte[] image, String model, boolean withJobRecord) {
        String jobId = new JobIds(Clock.systemUTC()).next();
        String inputKey = StorageKeys.input(jobId, "png");
        String outputKey = StorageKeys.upscaled(jobId, "image", "png");
        jobs.objects().put(inputKey, image, "image/png");
        Instant now = Instant.now();
        if (withJobRecord) {
            jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.UPSCALE, Tier.PREMIUM, now,
                    now.plus(Duration.ofHours(24)), inputKey, "png", 0, 0,
                    new JobRecord.UpscaleOptions(model, 4, 0, 0, "png"),
                    List.of(new TaskSpec("t0", "image", "upscaled", null, outputKey))));
        }
        return new UpscaleTask(UpscaleTask.VERSION, jobId, "t0", inputKey, outputKey, "image", model, 4, 0, 0, "png",
                now);
    }

    private static void publish(UpscaleTask task) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();
        }
    }

    /** Every event of the job now on {@code jobs.events}, read from the start to the end of the topic. */
    static List<JobEvent> eventsOf(String jobId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JobEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(r.key())) {
                        found.add(Messages.fromJson(r.value(), JobEvent.class));
                    }
                }
            }
        }
        return found;
    }

    private double metric(Pattern series) throws Exception {
        Matcher m = series.matcher(WorkerScrape.metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static MinioClient client() {
        return MinioClient.builder().endpoint(LocalStack.shared().s3Endpoint())
                .credentials(LocalStack.ACCESS_KEY, LocalStack.SECRET_KEY).build();
    }
}
