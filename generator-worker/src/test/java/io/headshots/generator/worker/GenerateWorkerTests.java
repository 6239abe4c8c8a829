package io.headshots.generator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobEvent;
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
import io.headshots.generator.TestPhotos;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = GeneratorTestResources.class, restrictToAnnotatedClass = false)
class GenerateWorkerTests {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    JobStore jobs;

    @Inject
    GenerateTaskHandler handler;

    private final JobIds ids = new JobIds(Clock.systemUTC());
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void freeTaskWritesA1024HeadshotItsResultAndEvents() throws Exception {
        GenerateTask task = submit(prepare(TestPhotos.portrait(), "studio", false));

        TaskResult result = awaitResult(task.jobId(), task.taskId());

        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.outputKey()).isEqualTo(task.outputKey());
        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.width()).isEqualTo(1024);
        assertThat(result.height()).isEqualTo(1024);
        assertThat(result.identityScore()).as("cosine of the identity check").isNotNull().isBetween(0.0, 1.0);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(jobs.objects().get(task.outputKey()).orElseThrow()));
        assertThat(png.getWidth()).isEqualTo(1024);
        assertThat(png.getHeight()).isEqualTo(1024);
        List<JobEvent> events = eventsOf(task.jobId(), JobEvent.Type.TASK_SUCCEEDED);
        assertThat(events).allMatch(e -> e.taskId().equals(task.taskId()));
        assertThat(events).extracting(JobEvent::type)
                .contains(JobEvent.Type.TASK_STARTED, JobEvent.Type.TASK_PROGRESS, JobEvent.Type.TASK_SUCCEEDED);
    }

    @Test
    void premiumTaskHandsItsHeadshotOnToTheUpscalerAndLeavesTheJobsTaskOpen() throws Exception {
        GenerateTask task = submit(prepare(TestPhotos.portrait(), "tech", true));
        String upscaleTaskId = GenerateTask.upscaleTaskId(task.taskId());

        // The premium lane, keyed per task like every task.
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.UPSCALE_PREMIUM,
                r -> (task.jobId() + "/" + upscaleTaskId).equals(r.key()));
        UpscaleTask followOn = Messages.decodeTask(record.value(), UpscaleTask.class);

        assertThat(followOn.taskId()).isEqualTo(upscaleTaskId);
        assertThat(followOn.inputKey()).isEqualTo(task.outputKey());
        assertThat(followOn.outputKey()).isEqualTo(task.upscaleKey());
        assertThat(followOn.outputName()).isEqualTo(task.outputName());
        assertThat(followOn.targetWidth()).isEqualTo(4096);
        assertThat(followOn.targetHeight()).isEqualTo(4096);
        assertThat(followOn.scale()).isZero();
        assertThat(followOn.model()).isEqualTo("realesrgan-x4plus");
        assertThat(followOn.format()).isEqualTo("png");
        TaskResult generated = awaitResult(task.jobId(), task.taskId());
        assertThat(generated.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(followOn.identityScore()).isNotNull().isEqualTo(generated.identityScore());
        // the upscaled face is checked again against the photo, which the job's result then shows
        assertThat(followOn.verifyPhotoKey()).isEqualTo(task.inputKey());
        assertThat(jobs.objects().exists(task.outputKey())).isTrue();
        // the job's own task is the upscale: not done until the upscaler records it
        assertThat(jobs.result(task.jobId(), upscaleTaskId)).isEmpty();
        List<JobEvent> events = eventsOf(task.jobId(), null);
        assertThat(events).extracting(JobEvent::taskId).containsOnly(upscaleTaskId);
        assertThat(events).extracting(JobEvent::type).contains(JobEvent.Type.TASK_STARTED)
                .doesNotContain(JobEvent.Type.TASK_SUCCEEDED, JobEvent.Type.TASK_FAILED);
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndAFaceLessPhotoFailsBothTasksOfAPremiumOutput() throws Exception {
        String key = "same-partition-key";
        producer.send(new ProducerRecord<>(Topics.GENERATE, key, "not json".getBytes(StandardCharsets.UTF_8))).get();
        GenerateTask valid = prepare(TestPhotos.landscape(), "corporate", true);
        producer.send(new ProducerRecord<>(Topics.GENERATE, key, Messages.toJson(valid))).get();

        TaskResult own = awaitResult(valid.jobId(), valid.taskId());
        assertThat(own.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(own.errorCode()).isEqualTo("no_face");
        TaskResult visible = jobs.result(valid.jobId(), GenerateTask.upscaleTaskId(valid.taskId())).orElseThrow();
        assertThat(visible.errorCode()).isEqualTo("no_face");
        assertThat(jobs.objects().exists(valid.outputKey())).isFalse();
        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetter(Topics.GENERATE), r -> key.equals(r.key()));
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("not a valid GenerateTask");
    }

    @Test
    void aPremiumTaskOfACanceledJobIsRecordedCanceledUnderBothIdsWithoutGenerating() throws Exception {
        GenerateTask task = prepare(TestPhotos.portrait(), "warm", true);
        jobs.cancelJob(task.jobId(), Instant.now());
        submit(task);

        assertThat(awaitResult(task.jobId(), task.taskId()).outcome()).isEqualTo(TaskOutcome.CANCELED);
        assertThat(jobs.result(task.jobId(), GenerateTask.upscaleTaskId(task.taskId())))
                .map(TaskResult::outcome).contains(TaskOutcome.CANCELED);
        assertThat(jobs.objects().exists(task.outputKey())).isFalse();
    }

    @Test
    void aResultNobodyAnnouncedIsAnnouncedUnderTheJobsTaskWhenItsTaskIsRedelivered() throws Exception {
        // What a worker killed between recording a premium output's failure and publishing it leaves.
        GenerateTask task = prepare(TestPhotos.portrait(), "studio", true);
        Instant finished = Instant.parse("2026-01-02T03:04:05Z");
        TaskResult visible = TaskResult.failed(task.jobId(), GenerateTask.upscaleTaskId(task.taskId()),
                task.outputName(), "no_face", "no face was found", finished);
        jobs.putResult(visible);
        jobs.putResult(TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), "no_face",
                "no face was found", finished));

        submit(task);

        List<JobEvent> events = eventsOf(task.jobId(), JobEvent.Type.TASK_FAILED);
        assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.TASK_FAILED)
                .singleElement().isEqualTo(JobEvent.finished(visible));
        assertThat(events).extracting(JobEvent::type).doesNotContain(JobEvent.Type.TASK_STARTED);
    }

    @Test
    void anInternalErrorOfAPremiumTaskFailsTheJobsTaskToo() throws Exception {
        GenerateTask task = prepare(TestPhotos.portrait(), "studio", true);

        handler.recordFailure(task, "internal_error", "the headshot could not be generated");

        assertThat(jobs.result(task.jobId(), task.taskId())).map(TaskResult::errorCode).contains("internal_error");
        assertThat(jobs.result(task.jobId(), GenerateTask.upscaleTaskId(task.taskId())))
                .map(TaskResult::errorCode).contains("internal_error");
        assertThat(eventsOf(task.jobId(), JobEvent.Type.TASK_FAILED)).filteredOn(e -> e.type() == JobEvent.Type.TASK_FAILED)
                .extracting(JobEvent::taskId).containsExactly(GenerateTask.upscaleTaskId(task.taskId()));
    }

    @Test
    void aPremiumTaskThatExhaustedItsDeliveriesFailsWorkerCrashedUnderBothIds() throws Exception {
        GenerateTask task = prepare(TestPhotos.portrait(), "studio", true);

        handler.recordFailure(task, "worker_crashed", "no worker finished the task");

        assertThat(jobs.result(task.jobId(), GenerateTask.upscaleTaskId(task.taskId())))
                .map(TaskResult::errorCode).contains("worker_crashed");
        assertThat(jobs.result(task.jobId(), task.taskId())).map(TaskResult::errorCode).contains("worker_crashed");
    }

    private GenerateTask submit(GenerateTask task) throws Exception {
        producer.send(new ProducerRecord<>(Topics.GENERATE, task.jobId(), Messages.toJson(task))).get();
        return task;
    }

    /** Stores the photo and the job record as the gateway does; free: one generated output, premium: upscaled. */
    private GenerateTask prepare(byte[] photo, String style, boolean premium) {
        String jobId = ids.next();
        String name = style + "-1";
        String inputKey = StorageKeys.input(jobId, "jpg");
        String generatedKey = StorageKeys.generated(jobId, name, "png");
        String upscaledKey = premium ? StorageKeys.upscaled(jobId, name, "png") : null;
        jobs.objects().put(inputKey, photo, "image/jpeg");
        Instant now = Instant.now();
        TaskSpec spec = premium
                ? new TaskSpec(GenerateTask.upscaleTaskId(name), name, "upscaled", style, upscaledKey)
                : new TaskSpec(name, name, "generated", style, generatedKey);
        jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.HEADSHOT,
                premium ? Tier.PREMIUM : Tier.FREE, now, now.plus(Duration.ofHours(24)), inputKey, "jpeg", 0, 0,
                null, List.of(spec)));
        return new GenerateTask(GenerateTask.VERSION, jobId, name, inputKey, generatedKey, name, style, 0,
                Tier.STANDARD_SIZE, premium ? Tier.PREMIUM.headshotSize() : 0, upscaledKey, now);
    }

    private TaskResult awaitResult(String jobId, String taskId) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> jobs.result(jobId, taskId), Optional::isPresent).orElseThrow();
    }

    /** Events of one job from the start of the topic, until one of type {@code until} is seen (or 10 s). */
    private List<JobEvent> eventsOf(String jobId, JobEvent.Type until) {
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(r.key())) {
                        events.add(Messages.fromJson(r.value(), JobEvent.class));
                    }
                }
                if (until != null && events.stream().anyMatch(e -> e.type() == until)) {
                    break;
                }
            }
        }
        return events;
    }

    private ConsumerRecord<String, byte[]> awaitRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (match.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
