package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobEvent;
import io.headshots.contracts.StorageKeys;
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
 * The generator fleet on the share group, packaged services against the real broker and S3, every
 * task topic with one partition (as {@link TestSystem} provisions them): one job's headshots spread
 * over the replicas, a task longer than its lock (2 s here) runs once, and replicas joining, stopping and dying
 * in the middle of a 24-output job lose nothing and change no output byte.
 *
 * <p>Premium jobs, without an upscaler: what is under test is the generate step (each output
 * generated once and handed on to {@code jobs.upscale.premium} once); the jobs are deleted after.
 */
class GeneratorFleetIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    /** Denoising steps of the tiny graphs: a task of ~4 s here (idle machine), twice the lock. */
    private static final String STEPS = "300";
    /** The record lock of this class's share group (the other system tests use 3 s). */
    private static final Duration LOCK = Duration.ofSeconds(2);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static Path models;
    private static final List<ServiceProcess> workers = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    @BeforeAll
    static void startThreeGenerators() throws IOException {
        system = TestSystem.get();
        gateway = system.client(GatewayClient.KEY);
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        Files.createDirectories(system.work());
        models = TinyDiffusionModels.write(Files.createTempDirectory(system.work(), "tiny-diffusion-"));
        for (int i = 0; i < 3; i++) {
            workers.add(newGenerator().start());
        }
        workers.forEach(w -> w.awaitReady(TestSystem.START_TIMEOUT));
    }

    @AfterEach
    void deleteJobs() {
        jobs.forEach(id -> gateway.delete("/v1/jobs/" + id));
    }

    @AfterAll
    static void stopGenerators() {
        workers.forEach(ServiceProcess::kill);
        workers.clear();
    }

    @Test
    void oneJobOfSixOutputsIsSpreadOverTheReplicasOfAOnePartitionTopicEachOutputOnce() {
        Map<ServiceProcess, Double> before = handedOnByWorker();

        String id = submit("corporate,studio,tech", 6);

        Map<String, TaskResult> results = awaitGenerated(id, 6);
        Map<ServiceProcess, Double> did = new LinkedHashMap<>();
        handedOnByWorker().forEach((w, n) -> did.put(w, n - before.getOrDefault(w, 0.0)));
        assertThat(did.values().stream().mapToDouble(Double::doubleValue).sum()).as("tasks done: %s", did)
                .isEqualTo(6);
        assertThat(did.values().stream().filter(n -> n > 0).count()).as("replicas that did work: %s", did)
                .isGreaterThanOrEqualTo(2);
        assertThat(results.values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.SUCCEEDED));
        assertEachOutputHandedOnOnce(id, results.keySet());
        assertThat(startsByTask(id).values()).as("task_started per output").allMatch(n -> n == 1);
    }

    @Test
    void aTaskLongerThanTheLockRunsExactlyOnceWhileTwoReplicasIdle() {
        String id = submit("studio", 1);

        Map<String, TaskResult> results = awaitGenerated(id, 1);

        TaskResult result = results.values().iterator().next();
        Duration took = Duration.between(JobEventTimes.started(kafka, id), result.finishedAt());
        assertThat(took).as("the task must outlast the lock for this test to mean anything")
                .isGreaterThan(LOCK);
        assertThat(startsByTask(id).values()).as("task_started events").containsExactly(1L);
        assertEachOutputHandedOnOnce(id, results.keySet());
    }

    @Test
    void replicasJoiningStoppingAndDyingMidJobLoseNothingAndChangeNoByte() {
        String reference = submit("corporate,studio,tech,office", 24);
        Map<String, byte[]> expected = generatedBytes(reference, awaitGenerated(reference, 24));

        String id = submit("corporate,studio,tech,office", 24);
        awaitHandedOn(id, 3);
        ServiceProcess joined1 = newGenerator().start();
        ServiceProcess joined2 = newGenerator().start();
        workers.add(joined1);
        workers.add(joined2);
        awaitHandedOn(id, 8);
        workers.get(0).terminate(Duration.ofSeconds(40)); // SIGTERM: drains or hands back
        awaitHandedOn(id, 12);
        workers.get(1).kill(); // SIGKILL mid-task: its lock lapses
        Map<String, TaskResult> results = awaitGenerated(id, 24);

        assertThat(results.values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(TaskOutcome.SUCCEEDED));
        Map<String, byte[]> actual = generatedBytes(id, results);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((name, bytes) -> assertThat(bytes).as("bytes of %s", name).isEqualTo(expected.get(name)));
        assertEachOutputHandedOnOnceOrRedoneAfterAFault(id, results.keySet());
        // Only the tasks of the stopped and the killed worker (one slot each) may have started twice.
        assertThat(startsByTask(id).values().stream().filter(n -> n > 1).count()).as("tasks started twice")
                .isLessThanOrEqualTo(2);
        workers.set(0, newGenerator().start());
        workers.set(1, newGenerator().start());
        workers.forEach(w -> w.awaitReady(TestSystem.START_TIMEOUT));
    }

    // --- helpers

    private String submit(String styles, int count) {
        GatewayClient.Answer answer = gateway.post("/v1/headshots", new Multipart()
                .file("photo", "portrait.jpg", "image/jpeg", TestPhotos.portrait())
                .fields("styles", styles, "count", String.valueOf(count)));
        assertThat(answer.status()).as("submission answer: %s", answer.text()).isEqualTo(202);
        String id = answer.json().get("id").asText();
        jobs.add(id);
        return id;
    }

    /** The generate results of a premium job (each under the generate task's own id), once all exist. */
    private static Map<String, TaskResult> awaitGenerated(String id, int outputs) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, TaskResult> results = generateResults(id);
            if (results.size() == outputs) {
                return results;
            }
            sleep(500);
        }
        throw new AssertionError("not every output of " + id + " generated within " + TIMEOUT + ": "
                + generateResults(id).keySet());
    }

    private static void awaitHandedOn(String id, int atLeast) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (generateResults(id).size() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(atLeast + " outputs of " + id + " not generated within " + TIMEOUT);
            }
            sleep(200);
        }
    }

    private static Map<String, TaskResult> generateResults(String id) {
        Map<String, TaskResult> results = new TreeMap<>();
        // A premium output's generate task is named after the output; the job tracks its upscale.
        for (TaskSpec spec : system.jobs().job(id).orElseThrow().tasks()) {
            system.jobs().result(id, spec.outputName()).ifPresent(r -> results.put(spec.outputName(), r));
        }
        return results;
    }

    private static Map<String, byte[]> generatedBytes(String id, Map<String, TaskResult> results) {
        Map<String, byte[]> bytes = new TreeMap<>();
        results.forEach((name, result) -> bytes.put(name,
                system.jobs().objects().get(StorageKeys.generated(id, name, "png")).orElseThrow()));
        return bytes;
    }

    /** Each generated output published exactly one follow-on upscale task. */
    private static void assertEachOutputHandedOnOnce(String id, java.util.Set<String> names) {
        Map<String, Long> followOns = followOns(id, names.size());
        assertThat(followOns.keySet()).isEqualTo(names.stream().map(GenerateTask::upscaleTaskId)
                .collect(Collectors.toSet()));
        assertThat(followOns.values()).as("follow-on tasks per output: %s", followOns).allMatch(n -> n == 1);
    }

    /** After a fault a redone task publishes its follow-on again (the upscaler skips the repeat). */
    private static void assertEachOutputHandedOnOnceOrRedoneAfterAFault(String id, java.util.Set<String> names) {
        Map<String, Long> followOns = followOns(id, names.size());
        assertThat(followOns.keySet()).isEqualTo(names.stream().map(GenerateTask::upscaleTaskId)
                .collect(Collectors.toSet()));
        assertThat(followOns.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(2);
    }

    private static Map<String, Long> followOns(String id, int outputs) {
        List<ConsumerRecord<String, byte[]>> records = kafka.read(Topics.UPSCALE_PREMIUM,
                r -> r.key() != null && r.key().startsWith(id + "/"), found -> false, Duration.ofSeconds(4));
        assertThat(records.size()).as("follow-on tasks").isGreaterThanOrEqualTo(outputs);
        return records.stream().collect(Collectors.groupingBy(r -> r.key().substring(id.length() + 1),
                Collectors.counting()));
    }

    private static Map<String, Long> startsByTask(String id) {
        return kafka.read(Topics.EVENTS, r -> id.equals(r.key()), found -> false, Duration.ofSeconds(4)).stream()
                .map(r -> io.headshots.contracts.Messages.fromJson(r.value(), JobEvent.class))
                .filter(e -> e.type() == JobEvent.Type.TASK_STARTED)
                .collect(Collectors.groupingBy(JobEvent::taskId, Collectors.counting()));
    }

    private static Map<ServiceProcess, Double> handedOnByWorker() {
        Map<ServiceProcess, Double> counts = new LinkedHashMap<>();
        for (ServiceProcess worker : workers) {
            if (worker.alive()) {
                counts.put(worker, worker.metric("generator_tasks_total", "outcome=\"handed_on\""));
            }
        }
        return counts;
    }

    private static ServiceProcess newGenerator() {
        // Random weights preserve nobody's identity: the identity check is off (docs/engines.md).
        return system.newDiffusionGenerator(models, Map.of(
                "generator.diffusion.steps", STEPS,
                "generator.diffusion.min-identity-cosine", "-1",
                "generator.progress-interval", "PT0.5S",
                "headshots.queue.lock-duration", LOCK.toString()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** When a job's first task started, from its events. */
    private static final class JobEventTimes {
        static java.time.Instant started(KafkaProbe kafka, String id) {
            return kafka.read(Topics.EVENTS, r -> id.equals(r.key()), found -> false, Duration.ofSeconds(4)).stream()
                    .map(r -> io.headshots.contracts.Messages.fromJson(r.value(), JobEvent.class))
                    .filter(e -> e.type() == JobEvent.Type.TASK_STARTED).map(JobEvent::at).min(java.time.Instant::compareTo)
                    .orElseThrow();
        }
    }
}
