package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

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
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * Poison messages reach the packaged worker: each goes to {@code jobs.upscale.dlq} with its reason
 * and the valid task behind them on the same partition (same key) is still done.
 */
class PoisonMessageIT {
    private static TestSystem system;
    private static KafkaProbe kafka;
    private static ServiceProcess worker;
    private final JobIds ids = new JobIds(Clock.systemUTC());

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        worker = system.newWorker(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @RepeatedTest(3)
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndThePartitionKeepsFlowing() {
        UpscaleTask valid = storedTask();
        String key = valid.jobId();
        kafka.send(Topics.UPSCALE, key, "not json at all {".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.UPSCALE, key, json(valid).replace("\"v\":1", "\"v\":99").getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.UPSCALE, key, ("{\"v\":1,\"jobId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.UPSCALE, key, Messages.toJson(valid));

        TaskResult result = awaitResult(valid);
        assertThat(result.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);

        List<ConsumerRecord<String, byte[]>> dead = kafka.read(Topics.deadLetter(Topics.UPSCALE),
                r -> key.equals(r.key()), found -> found.size() >= 3, Duration.ofSeconds(30));
        assertThat(dead).extracting(PoisonMessageIT::reason).hasSize(3).satisfiesExactly(
                notJson -> assertThat(notJson).contains("not a valid UpscaleTask JSON document"),
                version -> assertThat(version).contains("unsupported version 99"),
                missing -> assertThat(missing).contains("taskId missing"));
        assertThat(worker.alive()).isTrue();
        assertThat(worker.live()).isTrue();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String json(UpscaleTask task) {
        return new String(Messages.toJson(task), StandardCharsets.UTF_8);
    }

    /** A valid task whose job record and input are in S3, as the gateway would have left them. */
    private UpscaleTask storedTask() {
        String jobId = ids.next();
        String inputKey = StorageKeys.input(jobId, "png");
        String outputKey = StorageKeys.upscaled(jobId, "image", "png");
        system.jobs().objects().put(inputKey, Images.png(24, 24), "image/png");
        Instant now = Instant.now();
        system.jobs().putJob(new JobRecord(JobRecord.VERSION, jobId, "system-tests", JobKind.UPSCALE, Tier.PREMIUM,
                now, now.plus(Duration.ofHours(24)), inputKey, "png", 24, 24,
                new JobRecord.UpscaleOptions(TestSystem.MODEL, 2, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, outputKey))));
        system.jobs().markQueued(jobId, now); // the test publishes the task itself, as the gateway would
        return new UpscaleTask(UpscaleTask.VERSION, jobId, "image", inputKey, outputKey, "image", TestSystem.MODEL, 2,
                0, 0, "png", now);
    }

    private static TaskResult awaitResult(UpscaleTask task) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TaskResult> result = system.jobs().result(task.jobId(), task.taskId());
            if (result.isPresent()) {
                return result.get();
            }
            assertThat(worker.alive()).as("worker alive").isTrue();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no result for the valid task behind the poison; worker log:\n" + worker.tail(30));
    }
}
