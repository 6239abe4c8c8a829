package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

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
import io.headshots.contracts.VerifyTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = UpscalerTestResources.class, restrictToAnnotatedClass = false)
class UpscaleWorkerTests {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    JobStore jobs;

    @Inject
    UpscaleTaskHandler handler;

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
    void upscalesAStoredImageToExactlyFourTimesItsSizeAndReportsProgress() throws Exception {
        UpscaleTask task = submit(photo(48, 40), "realesrgan-x4fast", true);

        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.width()).isEqualTo(192);
        assertThat(result.height()).isEqualTo(160);
        BufferedImage output = ImageIO.read(new ByteArrayInputStream(jobs.objects().get(task.outputKey()).orElseThrow()));
        assertThat(output.getWidth()).isEqualTo(192);
        assertThat(output.getHeight()).isEqualTo(160);
        List<JobEvent> events = eventsOf(task.jobId(), JobEvent.Type.TASK_SUCCEEDED);
        assertThat(events).extracting(JobEvent::type)
                .contains(JobEvent.Type.TASK_STARTED, JobEvent.Type.TASK_PROGRESS, JobEvent.Type.TASK_SUCCEEDED);
        assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.TASK_PROGRESS)
                .extracting(JobEvent::total).allMatch(total -> total > 1);
    }

    @Test
    void undecodableImageFailsTheTaskWithAReason() throws Exception {
        byte[] png = photo(48, 40);
        UpscaleTask task = submit(Arrays.copyOf(png, png.length / 3), "realesrgan-x4fast", true);

        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(result.errorCode()).isEqualTo("undecodable_image");
        assertThat(jobs.objects().exists(task.outputKey())).isFalse();
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String key = "same-partition-key";
        producer.send(new ProducerRecord<>(Topics.UPSCALE, key, "not json".getBytes(StandardCharsets.UTF_8))).get();
        UpscaleTask valid = prepare(photo(32, 32), "realesrgan-x4fast", true);
        producer.send(new ProducerRecord<>(Topics.UPSCALE, key, Messages.toJson(valid))).get();

        assertThat(awaitResult(valid).outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetter(Topics.UPSCALE),
                r -> key.equals(r.key()));
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("not a valid UpscaleTask");
    }

    @Test
    void taskOfADeletedJobWritesNothing() throws Exception {
        UpscaleTask orphan = submit(photo(32, 32), "realesrgan-x4fast", false);
        // Same key, same partition, processed after the orphan: once it is done, the orphan was seen.
        UpscaleTask follower = prepare(photo(32, 32), "realesrgan-x4fast", true);
        producer.send(new ProducerRecord<>(Topics.UPSCALE, orphan.jobId(), Messages.toJson(follower))).get();

        awaitResult(follower);

        assertThat(jobs.objects().list(StorageKeys.jobPrefix(orphan.jobId()) + "upscaled/", true)).isEmpty();
        assertThat(jobs.objects().list(StorageKeys.jobPrefix(orphan.jobId()) + "tasks/", true)).isEmpty();
    }

    @Test
    void redeliveredTaskIsDoneOnlyOnce() throws Exception {
        UpscaleTask task = submit(photo(32, 32), "realesrgan-x4fast", true);
        TaskResult first = awaitResult(task);

        producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();
        UpscaleTask marker = submit(photo(16, 16), "realesrgan-x4fast", true, task.jobId());
        awaitResult(marker);

        assertThat(jobs.result(task.jobId(), task.taskId())).contains(first);
        assertThat(eventsOf(task.jobId(), null)).filteredOn(e -> e.taskId().equals(task.taskId())
                && e.type() == JobEvent.Type.TASK_STARTED).hasSize(1);
    }

    @Test
    void aResultNobodyAnnouncedIsAnnouncedWhenItsTaskIsRedelivered() throws Exception {
        // What a worker killed between writing the result and publishing its event leaves behind.
        UpscaleTask task = prepare(photo(32, 32), "realesrgan-x4fast", true);
        jobs.objects().put(task.outputKey(), photo(128, 128), "image/png");
        TaskResult stored = TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(), task.outputKey(),
                "image/png", 128, 128, Instant.parse("2026-01-02T03:04:05Z"));
        jobs.putResult(stored);

        producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();

        List<JobEvent> events = eventsOf(task.jobId(), JobEvent.Type.TASK_SUCCEEDED);
        assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED)
                .singleElement().isEqualTo(JobEvent.finished(stored));
        assertThat(events).extracting(JobEvent::type).doesNotContain(JobEvent.Type.TASK_STARTED);
        assertThat(jobs.result(task.jobId(), task.taskId())).contains(stored);
    }

    @Test
    void anInternalErrorIsRecordedAsAFailedTaskAndAnnounced() throws Exception {
        UpscaleTask task = prepare(photo(32, 32), "realesrgan-x4fast", true);

        handler.recordFailure(task, "internal_error", "the image could not be processed");

        TaskResult result = jobs.result(task.jobId(), task.taskId()).orElseThrow();
        assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(result.errorCode()).isEqualTo("internal_error");
        assertThat(eventsOf(task.jobId(), JobEvent.Type.TASK_FAILED)).extracting(JobEvent::type)
                .containsExactly(JobEvent.Type.TASK_FAILED);
    }

    @Test
    void aFailureIsNeverRecordedOverAStoredResultWhichIsAnnouncedInstead() throws Exception {
        UpscaleTask task = prepare(photo(32, 32), "realesrgan-x4fast", true);
        TaskResult stored = TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(), task.outputKey(),
                "image/png", 128, 128, Instant.parse("2026-01-02T03:04:05Z"));
        jobs.putResult(stored);

        handler.recordFailure(task, "worker_crashed", "no worker finished the task");

        assertThat(jobs.result(task.jobId(), task.taskId())).contains(stored);
        assertThat(eventsOf(task.jobId(), JobEvent.Type.TASK_SUCCEEDED)).extracting(JobEvent::type)
                .containsExactly(JobEvent.Type.TASK_SUCCEEDED);
    }

    @Test
    void queuedTaskOfACanceledJobIsRecordedCanceledWithoutWork() throws Exception {
        UpscaleTask task = prepare(photo(32, 32), "realesrgan-x4fast", true);
        jobs.cancelJob(task.jobId(), Instant.now());
        producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();

        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.CANCELED);
        assertThat(jobs.objects().exists(task.outputKey())).isFalse();
        assertThat(eventsOf(task.jobId(), JobEvent.Type.TASK_CANCELED)).extracting(JobEvent::type)
                .containsExactly(JobEvent.Type.TASK_CANCELED);
    }

    @Test
    void runningTaskOfACanceledJobStopsAtTheNextTileAndIsRecordedCanceled() throws Exception {
        // The heavy model on 32-pixel tiles: many seconds of work, so the cancel lands mid-way.
        UpscaleTask task = submit(photo(160, 120), "realesrgan-x4plus", true);
        eventsOf(task.jobId(), JobEvent.Type.TASK_PROGRESS);
        jobs.cancelJob(task.jobId(), Instant.now());

        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.CANCELED);
        assertThat(jobs.objects().exists(task.outputKey())).isFalse();
        List<JobEvent> events = eventsOf(task.jobId(), JobEvent.Type.TASK_CANCELED);
        assertThat(events).extracting(JobEvent::type).contains(JobEvent.Type.TASK_CANCELED)
                .doesNotContain(JobEvent.Type.TASK_SUCCEEDED);
        assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.TASK_PROGRESS)
                .allMatch(e -> e.done() < e.total());
    }

    @Test
    void premiumHeadshotsFollowOnCarriesItsIdentityScoreIntoTheResult() throws Exception {
        UpscaleTask plain = prepare(photo(48, 40), "realesrgan-x4fast", true);
        UpscaleTask followOn = new UpscaleTask(plain.v(), plain.jobId(), plain.taskId(), plain.inputKey(),
                plain.outputKey(), plain.outputName(), plain.model(), plain.scale(), plain.targetWidth(),
                plain.targetHeight(), plain.format(), plain.createdAt(), 0.87, null);
        producer.send(new ProducerRecord<>(Topics.UPSCALE, followOn.jobId(), Messages.toJson(followOn))).get();

        TaskResult result = awaitResult(followOn);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.identityScore()).isEqualTo(0.87);
    }

    @Test
    void aCheckedFollowOnStoresItsOutputHandsTheIdentityCheckToTheGeneratorAndLeavesTheJobsTaskOpen()
            throws Exception {
        UpscaleTask followOn = checked(prepare(photo(48, 40), "realesrgan-x4fast", true));
        producer.send(new ProducerRecord<>(Topics.UPSCALE_PREMIUM, Messages.taskKey(followOn),
                Messages.toJson(followOn))).get();

        VerifyTask check = Messages.decodeTask(awaitRecord(Topics.VERIFY_PREMIUM,
                r -> Messages.taskKey(followOn).equals(r.key())).value(), VerifyTask.class);

        assertThat(check.taskId()).as("the job's task, whose result the check records").isEqualTo(followOn.taskId());
        assertThat(check.photoKey()).isEqualTo(followOn.verifyPhotoKey());
        assertThat(check.outputKey()).isEqualTo(followOn.outputKey());
        assertThat(check.contentType()).isEqualTo("image/png");
        assertThat(check.width()).isEqualTo(192);
        assertThat(check.height()).isEqualTo(160);
        TaskResult step = await().atMost(WAIT).until(() -> jobs.result(followOn.jobId(),
                UpscaleTask.stepResultId(followOn.taskId())), Optional::isPresent).orElseThrow();
        assertThat(step.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(jobs.objects().exists(followOn.outputKey())).isTrue();
        assertThat(jobs.result(followOn.jobId(), followOn.taskId())).as("not done before the check").isEmpty();
        assertThat(eventsOf(followOn.jobId(), null)).extracting(JobEvent::type)
                .doesNotContain(JobEvent.Type.TASK_SUCCEEDED, JobEvent.Type.TASK_FAILED);
    }

    @Test
    void aCheckedFollowOnThatFailsFailsTheJobsTaskAndItsOwnStep() throws Exception {
        UpscaleTask followOn = checked(prepare(photo(48, 40), "realesrgan-x4fast", true));

        handler.recordFailure(followOn, "worker_crashed", "no worker finished the task");

        assertThat(jobs.result(followOn.jobId(), followOn.taskId())).map(TaskResult::errorCode)
                .contains("worker_crashed");
        assertThat(jobs.result(followOn.jobId(), UpscaleTask.stepResultId(followOn.taskId())))
                .map(TaskResult::errorCode).contains("worker_crashed");
        assertThat(eventsOf(followOn.jobId(), JobEvent.Type.TASK_FAILED))
                .filteredOn(e -> e.type() == JobEvent.Type.TASK_FAILED).extracting(JobEvent::taskId)
                .containsExactly(followOn.taskId());
    }

    /** The task as a premium headshot's follow-on: its face is checked again after the upscale. */
    private static UpscaleTask checked(UpscaleTask plain) {
        return new UpscaleTask(plain.v(), plain.jobId(), plain.taskId(), plain.inputKey(), plain.outputKey(),
                plain.outputName(), plain.model(), plain.scale(), plain.targetWidth(), plain.targetHeight(),
                plain.format(), plain.createdAt(), 0.87, StorageKeys.input(plain.jobId(), "jpg"));
    }

    private UpscaleTask submit(byte[] image, String model, boolean withJobRecord) throws Exception {
        UpscaleTask task = prepare(image, model, withJobRecord);
        producer.send(new ProducerRecord<>(Topics.UPSCALE, task.jobId(), Messages.toJson(task))).get();
        return task;
    }

    private UpscaleTask submit(byte[] image, String model, boolean withJobRecord, String key) throws Exception {
        UpscaleTask task = prepare(image, model, withJobRecord);
        producer.send(new ProducerRecord<>(Topics.UPSCALE, key, Messages.toJson(task))).get();
        return task;
    }

    private UpscaleTask prepare(byte[] image, String model, boolean withJobRecord) {
        String jobId = ids.next();
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

    private TaskResult awaitResult(UpscaleTask task) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs.result(task.jobId(), task.taskId()), Optional::isPresent).orElseThrow();
    }

    /** Events of one job from the start of the topic, until one of type {@code until} is seen. */
    private List<JobEvent> eventsOf(String jobId, JobEvent.Type until) {
        List<JobEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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

    private ConsumerRecord<String, byte[]> awaitRecord(String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> match) {
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

    /** A seeded photo-like image: gradients, edges and noise, so the model has work to do. */
    static byte[] photo(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(16)) & 0xff;
                int g = ((x / 8 + y / 8) % 2 == 0 ? 200 : 40) + random.nextInt(16);
                int b = (y * 255 / height) & 0xff;
                image.setRGB(x, y, (r << 16) | (Math.min(g, 255) << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
