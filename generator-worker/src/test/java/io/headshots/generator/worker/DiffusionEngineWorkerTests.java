package io.headshots.generator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.GenerateTask;
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
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.diffusion.DiffusionEngine;
import io.headshots.generator.engine.diffusion.TinyDiffusionModels;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The worker with {@code generator.engine=diffusion} over a folder of tiny random-weight graphs
 * (written before start): a headshot task from Kafka completes through the real broker and S3.
 */
@QuarkusTest
@TestProfile(DiffusionEngineWorkerTests.TinyDiffusionFolder.class)
class DiffusionEngineWorkerTests {
    public static class TinyDiffusionFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir;
            try {
                dir = TinyDiffusionModels.write(Files.createTempDirectory("tiny-diffusion"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("generator.engine", "diffusion",
                    "generator.diffusion.model-dir", dir.toString(),
                    "generator.diffusion.steps", "3",
                    "generator.diffusion.min-identity-cosine", "-1");
        }
    }

    @Inject
    JobStore jobs;

    @Inject
    HeadshotEngine engine;

    @Test
    void aHeadshotTaskRoutedToTheDiffusionEngineCompletesWithAPngOfTheRequestedSize() throws Exception {
        assertThat(engine.name()).isEqualTo(DiffusionEngine.NAME);
        GenerateTask task = prepare(TestPhotos.portrait(), "corporate");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.GENERATE, task.jobId(), Messages.toJson(task))).get();
        }

        TaskResult result = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> jobs.result(task.jobId(), task.taskId()), Optional::isPresent).orElseThrow();

        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(result.outputKey()).isEqualTo(task.outputKey());
        assertThat(result.contentType()).isEqualTo("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(jobs.objects().get(task.outputKey()).orElseThrow()));
        assertThat(png.getWidth()).isEqualTo(task.size());
        assertThat(png.getHeight()).isEqualTo(task.size());
    }

    /** Stores the photo and the job record as the gateway does: one free generated output. */
    private GenerateTask prepare(byte[] photo, String style) {
        String jobId = new JobIds(Clock.systemUTC()).next();
        String name = style + "-1";
        String inputKey = StorageKeys.input(jobId, "jpg");
        String generatedKey = StorageKeys.generated(jobId, name, "png");
        jobs.objects().put(inputKey, photo, "image/jpeg");
        Instant now = Instant.now();
        jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.HEADSHOT, Tier.FREE, now,
                now.plus(Duration.ofHours(24)), inputKey, "jpeg", 0, 0, null,
                List.of(new TaskSpec(name, name, "generated", style, generatedKey))));
        return new GenerateTask(GenerateTask.VERSION, jobId, name, inputKey, generatedKey, name, style, 0,
                Tier.STANDARD_SIZE, 0, null, now);
    }
}
