package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

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
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.localstack.LocalStack;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code GET /drain} on the management port, the workers' preStop: answered once no task runs, after which the worker takes
 * no task. A profile of its own, so the drained worker is not the one the other tests use.
 */
@QuarkusTest
@TestProfile(DrainEndpointTests.Drained.class)
class DrainEndpointTests {
    public static class Drained implements QuarkusTestProfile {
    }

    @Inject
    JobStore jobs;

    @TestHTTPResource(value = "/drain", management = true)
    URI drain;

    @Test
    @TestHTTPResource("/drain")
    URI publicDrain;

    @Test
    void theDrainIsNotOnThePublicPort() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(publicDrain).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(404);
    }

    @Test
    void anIdleWorkerAnswersDrainedAndTakesNoTaskAfterwards() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(drain).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("drained");

        UpscaleTask task = storedTask();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.shared().bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.UPSCALE, Messages.taskKey(task), Messages.toJson(task))).get();
        }
        Thread.sleep(Duration.ofSeconds(5).toMillis());

        assertThat(jobs.result(task.jobId(), task.taskId())).as("a drained worker ran a task").isEmpty();
    }

    private UpscaleTask storedTask() throws java.io.IOException {
        String jobId = new JobIds(Clock.systemUTC()).next();
        String inputKey = StorageKeys.input(jobId, "png");
        String outputKey = StorageKeys.upscaled(jobId, "image", "png");
        jobs.objects().put(inputKey, UpscaleWorkerTests.photo(24, 24), "image/png");
        Instant now = Instant.now();
        jobs.putJob(new JobRecord(JobRecord.VERSION, jobId, "test-tenant", JobKind.UPSCALE, Tier.PREMIUM, now,
                now.plus(Duration.ofHours(24)), inputKey, "png", 24, 24,
                new JobRecord.UpscaleOptions("realesrgan-x4fast", 2, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, outputKey))));
        return new UpscaleTask(UpscaleTask.VERSION, jobId, "image", inputKey, outputKey, "image", "realesrgan-x4fast",
                2, 0, 0, "png", now);
    }
}
