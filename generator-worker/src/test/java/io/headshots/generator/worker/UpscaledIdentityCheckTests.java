package io.headshots.generator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

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

import com.twelvemonkeys.image.ResampleOp;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.Styles;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.VerifyTask;
import io.headshots.generator.OtherPeople;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The identity check after a premium headshot's upscale, through the real broker and S3 server: the
 * upscaler has stored the 4096 px output and published the check ({@link Topics#VERIFY_PREMIUM}); the
 * generator compares the upscaled face with the photo's and records the job's result for the output.
 */
@QuarkusTest
@QuarkusTestResource(value = GeneratorTestResources.class, restrictToAnnotatedClass = false)
class UpscaledIdentityCheckTests {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SIDE = Tier.PREMIUM.headshotSize();

    @Inject
    JobStore jobs;

    @Inject
    HeadshotEngine engine;

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
    void anUpscaledHeadshotWhoseFaceIsAnotherPersonsFailsIdentityMismatchWithTheScore() throws Exception {
        // the upscale result replaced by another person's portrait (a face-api demo photo), 4096 px
        BufferedImage otherPerson = TestPhotos.decode(OtherPeople.demoPhoto("sample2.jpg"));
        VerifyTask task = prepare(upscaled(otherPerson));

        send(task);
        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(result.errorCode()).isEqualTo("identity_mismatch");
        IdentityScore score = catchThrowableOfType(IdentityMismatch.class, () -> engine.checkIdentity(
                TestPhotos.portrait(), TestPhotos.decode(jobs.objects().get(task.outputKey()).orElseThrow())))
                .score().orElseThrow();
        assertThat(result.errorMessage()).as("the score is in the failure")
                .contains(String.format(Locale.ROOT, "identity distance %.3f", score.distance()))
                .contains(String.format(Locale.ROOT, "cosine %.3f", score.cosine()));
        assertThat(result.identityScore()).isNull();
        assertThat(eventsOf(task.jobId())).filteredOn(e -> e.type() == JobEvent.Type.TASK_FAILED)
                .extracting(JobEvent::taskId, JobEvent::errorCode)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(task.taskId(), "identity_mismatch"));
    }

    @Test
    void anUpscaledHeadshotOfThePhotosPersonSucceedsWithTheScoreMeasuredAfterTheUpscale() throws Exception {
        BufferedImage headshot = engine.generate(TestPhotos.portrait(),
                new HeadshotRequest(Styles.byName("studio").orElseThrow(), 0, Tier.STANDARD_SIZE),
                GenerationListener.NONE).image();
        BufferedImage upscaled = upscaled(headshot);
        VerifyTask task = prepare(upscaled);

        send(task);
        TaskResult result = awaitResult(task);

        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.taskId()).isEqualTo(task.taskId());
        assertThat(result.outputKey()).isEqualTo(task.outputKey());
        assertThat(result.width()).isEqualTo(SIDE);
        double afterUpscale = engine.checkIdentity(TestPhotos.portrait(), upscaled).cosine();
        assertThat(result.identityScore()).as("the score of the upscaled image, which the job shows")
                .isCloseTo(afterUpscale, within(1e-6));
        assertThat(eventsOf(task.jobId())).filteredOn(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED)
                .extracting(JobEvent::taskId).containsOnly(task.taskId());
    }

    @Test
    void aRedeliveredCheckWhoseResultIsStoredChecksNothingAndAnnouncesTheSameResult() throws Exception {
        VerifyTask task = prepare(upscaled(TestPhotos.decode(OtherPeople.demoPhoto("sample2.jpg"))));
        TaskResult stored = TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(), task.outputKey(),
                "image/png", SIDE, SIDE, Instant.parse("2026-01-02T03:04:05Z"), 0.91);
        jobs.putResult(stored);

        send(task);

        List<JobEvent> events = await().atMost(WAIT).until(() -> eventsOf(task.jobId()), e -> !e.isEmpty());
        assertThat(events).containsOnly(JobEvent.finished(stored));
        assertThat(jobs.result(task.jobId(), task.taskId())).contains(stored);
    }

    private void send(VerifyTask task) throws Exception {
        producer.send(new ProducerRecord<>(Topics.VERIFY_PREMIUM, Messages.taskKey(task), Messages.toJson(task)))
                .get();
    }

    /** The image as the upscaler leaves it: a 4096 px square (Lanczos); a photo not square is centred on grey. */
    private static BufferedImage upscaled(BufferedImage image) {
        int side = Math.max(image.getWidth(), image.getHeight());
        BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, side, side);
        g.drawImage(image, (side - image.getWidth()) / 2, (side - image.getHeight()) / 2, null);
        g.dispose();
        return new ResampleOp(SIDE, SIDE, ResampleOp.FILTER_LANCZOS).filter(square, null);
    }

    /** A premium job whose one output's upscale is stored, and the check the upscaler would publish. */
    private VerifyTask prepare(BufferedImage upscaled) {
        String jobId = ids.next();
        String name = "studio-1";
        String photoKey = StorageKeys.input(jobId, "jpg");
        String upscaledKey = StorageKeys.upscaled(jobId, name, "png");
        jobs.objects().put(photoKey, TestPhotos.portrait(), "image/jpeg");
        jobs.objects().put(upscaledKey, HeadshotPng.encode(upscaled), HeadshotPng.CONTENT_TYPE);
        Instant now = Instant.now();
        String visible = GenerateTask.upscaleTaskId(name);
        jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.HEADSHOT, Tier.PREMIUM, now,
                now.plus(Duration.ofHours(24)), photoKey, "jpeg", 0, 0, null,
                List.of(new TaskSpec(visible, name, "upscaled", "studio", upscaledKey))));
        return new VerifyTask(VerifyTask.VERSION, jobId, visible, photoKey, upscaledKey, name, HeadshotPng.CONTENT_TYPE,
                SIDE, SIDE, now);
    }

    private TaskResult awaitResult(VerifyTask task) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> jobs.result(task.jobId(), task.taskId()), Optional::isPresent).orElseThrow();
    }

    /** The job's events so far (10 s of reading from the start of the topic). */
    private static List<JobEvent> eventsOf(String jobId) {
        List<JobEvent> events = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(r.key())) {
                        events.add(Messages.fromJson(r.value(), JobEvent.class));
                    }
                }
            }
        }
        return events;
    }
}
