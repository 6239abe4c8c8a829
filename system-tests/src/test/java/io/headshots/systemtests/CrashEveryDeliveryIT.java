package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Topics;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.diffusion.TinyDiffusionModels;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * A task whose worker dies (SIGKILL) on every delivery: after the delivery limit it is recorded
 * failed {@code worker_crashed} without running again, its job reaches a terminal state, and the
 * job's other outputs succeed. One generator runs at a time, so the worker that got the task is the
 * one killed; the next starts at once, as an orchestrator would restart it.
 */
class CrashEveryDeliveryIT {
    private static final int MAX_ATTEMPTS = 2;
    private static final Duration LOCK = Duration.parse(TestSystem.LOCK_DURATION);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static Path models;
    private static ServiceProcess worker;

    @BeforeAll
    static void prepare() throws IOException {
        system = TestSystem.get();
        gateway = system.client(GatewayClient.FREE_KEY);
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        Files.createDirectories(system.work());
        models = TinyDiffusionModels.write(Files.createTempDirectory(system.work(), "tiny-diffusion-"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.kill();
        }
    }

    @Test
    void aTaskThatKillsItsWorkerEveryTimeFailsWorkerCrashedAfterTheLimitAndTheOtherOutputsSucceed() {
        worker = newGenerator().start().awaitReady(TestSystem.START_TIMEOUT);
        GatewayClient.Answer answer = gateway.post("/v1/headshots", new Multipart()
                .file("photo", "portrait.jpg", "image/jpeg", TestPhotos.portrait())
                .fields("styles", "corporate,studio,tech", "count", "3"));
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        String id = answer.json().get("id").asText();
        String doomed = "studio-1";

        long restarts = 0;
        long firstKill = 0;
        for (int delivery = 1; delivery <= MAX_ATTEMPTS; delivery++) {
            awaitStarts(id, doomed, delivery);
            worker.kill();
            if (firstKill == 0) {
                firstKill = System.nanoTime();
            }
            long restart = System.nanoTime();
            worker = newGenerator().start().awaitReady(TestSystem.START_TIMEOUT);
            restarts += System.nanoTime() - restart;
        }
        JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(180));
        Duration tookAfterFirstKill = Duration.ofNanos(System.nanoTime() - firstKill);

        assertThat(job.get("status").asText()).as("job: %s", job).isEqualTo("partially_succeeded");
        assertThat(job.get("outputs")).as("the other outputs: %s", job).hasSize(2);
        for (TaskSpec task : system.jobs().job(id).orElseThrow().tasks()) {
            TaskResult result = system.jobs().result(id, task.taskId()).orElseThrow();
            if (doomed.equals(task.taskId())) {
                assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
                assertThat(result.errorCode()).isEqualTo("worker_crashed");
            } else {
                assertThat(result.outcome()).as("%s", result).isEqualTo(TaskOutcome.SUCCEEDED);
            }
        }
        assertThat(starts(id, doomed)).as("the doomed task ran no more than the limit").isEqualTo(MAX_ATTEMPTS);
        // Each kill costs one lock before the next delivery, plus the restart of a worker.
        Duration bound = LOCK.multipliedBy(MAX_ATTEMPTS + 1).plus(Duration.ofNanos(restarts))
                .plus(Duration.ofSeconds(30));
        assertThat(tookAfterFirstKill).as("terminal within limit x lock + restarts + slack").isLessThan(bound);
        List<ConsumerRecord<String, byte[]>> dead = kafka.read(Topics.deadLetter(Topics.GENERATE),
                r -> r.key() != null && r.key().equals(id + "/" + doomed), found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(dead).as("a copy on the dead-letter topic").hasSize(1);
        gateway.delete("/v1/jobs/" + id);
    }

    private static void awaitStarts(String id, String taskId, int starts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (starts(id, taskId) < starts) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(taskId + " of " + id + " not started " + starts + " time(s)");
            }
        }
    }

    private static long starts(String id, String taskId) {
        return kafka.read(Topics.EVENTS, r -> id.equals(r.key()), found -> false, Duration.ofSeconds(1)).stream()
                .map(r -> Messages.fromJson(r.value(), JobEvent.class))
                .filter(e -> e.type() == JobEvent.Type.TASK_STARTED && e.taskId().equals(taskId)).count();
    }

    private static ServiceProcess newGenerator() {
        return system.newDiffusionGenerator(models, Map.of(
                // Long enough to be killed mid-task every time.
                "generator.diffusion.steps", "400",
                "generator.diffusion.min-identity-cosine", "-1",
                "headshots.queue.max-attempts", String.valueOf(MAX_ATTEMPTS)));
    }
}
