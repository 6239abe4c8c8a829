package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.diffusion.TinyDiffusionModels;
import io.headshots.systemtests.support.DoneOnce;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.PrometheusText;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * A generator worker process crashes (SIGKILL) in the middle of a headshot: the twin of
 * {@link WorkerCrashIT} for {@code jobs.generate}. Two generator workers running the diffusion
 * engine on the tiny random-weight graphs ({@code TinyDiffusionModels}, as {@link DiffusionPipelineIT})
 * share the share group; the one caught denoising is killed, and the other must take its task when
 * the lock lapses and finish every headshot exactly once.
 *
 * <p>Free-tier jobs, so no follow-on upscale (and no upscaler worker) is involved: each output is one
 * generate task. Enough denoising steps that a task lasts seconds, so the kill lands mid-task.
 */
class GeneratorCrashIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(60);
    /** About 5 s of denoising per headshot with the tiny graphs on one CPU core: time to be caught. */
    private static final String STEPS = "200";
    /** The headshot jobs of one repetition, by their styles: one output (one task) per style. */
    private static final List<List<String>> JOBS = List.of(
            List.of("corporate", "studio"), List.of("corporate"), List.of("studio"));
    private static final String GENERATE_QUEUE = "queue=\"generate\"";
    private static final String EVENTS_PRODUCER = "client_id=\"kafka-producer-job-events\"";

    private static TestSystem system;
    private static GatewayClient gateway;
    private static KafkaProbe kafka;
    private static Path models;
    private static final List<ServiceProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startTwoGenerators() throws IOException {
        system = TestSystem.get();
        gateway = system.client(GatewayClient.FREE_KEY);
        kafka = new KafkaProbe(system.stack().bootstrapServers());
        Files.createDirectories(system.work());
        models = TinyDiffusionModels.write(Files.createTempDirectory(system.work(), "tiny-diffusion-"));
        workers.add(newGenerator().start());
        workers.add(newGenerator().start());
    }

    @BeforeEach
    void twoGeneratorsReady() {
        // Ready includes the task queue running: both take from the share group, whose members share
        // every partition, so no partition has to be handed over before the tasks are published.
        for (ServiceProcess worker : workers) {
            worker.awaitReady(TestSystem.START_TIMEOUT);
        }
    }

    @AfterAll
    static void stopGenerators() {
        workers.forEach(ServiceProcess::kill);
        workers.clear();
    }

    @RepeatedTest(3)
    void tasksOfAKilledGeneratorAreRedeliveredToTheSurvivorAndDoneExactlyOnce() {
        Map<String, Integer> outputsByJob = new LinkedHashMap<>();
        for (List<String> styles : JOBS) {
            outputsByJob.put(submitHeadshots(styles), styles.size());
        }

        ServiceProcess busy = awaitBusyWorker();
        ServiceProcess survivor = workers.get(0) == busy ? workers.get(1) : workers.get(0);
        double survivorDoneBefore = succeeded(survivor);
        String killed = busy.toString();
        busy.kill();
        System.out.printf("GeneratorCrashIT: killed %s in the middle of a task; survivor %s%n", killed, survivor);
        try {
            assertSurvivorFinishesEverythingOnce(outputsByJob, survivor, survivorDoneBefore);
        } finally {
            // Only now: a replacement started at once could take the partitions instead of the
            // survivor, and this test is about the survivor taking over.
            replace(busy);
        }
    }

    private void assertSurvivorFinishesEverythingOnce(Map<String, Integer> outputsByJob, ServiceProcess survivor,
            double survivorDoneBefore) {
        outputsByJob.forEach((id, outputs) -> {
            JsonNode job = gateway.awaitTerminal(id, JOB_TIMEOUT);
            assertThat(job.get("status").asText()).as("job %s: %s", id, job).isEqualTo("succeeded");
            assertThat(job.get("outputs")).as("outputs of %s", job).hasSize(outputs);
            for (JsonNode output : job.get("outputs")) {
                assertThat(output.get("width").asInt()).as("width of %s", output).isEqualTo(Tier.STANDARD_SIZE);
                assertThat(output.get("height").asInt()).as("height of %s", output).isEqualTo(Tier.STANDARD_SIZE);
            }
            // No orphan and no duplicate object: exactly the keys of a finished job.
            assertThat(StoredJob.keys(system.jobs(), id)).as("keys of job %s", id)
                    .isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        });
        assertThat(succeeded(survivor)).as("tasks %s succeeded", survivor).isGreaterThan(survivorDoneBefore);
        Map<String, List<JobEvent>> eventsByJob = kafka.events(outputsByJob, Duration.ofSeconds(30));
        outputsByJob.keySet().forEach(id -> {
            List<String> taskIds = system.jobs().job(id).orElseThrow().tasks().stream().map(TaskSpec::taskId).toList();
            assertThat(taskIds).as("tasks of job %s", id).hasSize(outputsByJob.get(id));
            DoneOnce.assertEachTaskSucceededOnce(eventsByJob.get(id), id, taskIds);
        });
        // The interrupted task was started by the killed worker and, redelivered, again by the survivor.
        Map<String, Long> startsByTask = eventsByJob.values().stream().flatMap(List::stream)
                .filter(e -> e.type() == JobEvent.Type.TASK_STARTED)
                .collect(Collectors.groupingBy(e -> e.jobId() + "/" + e.taskId(), Collectors.counting()));
        assertThat(startsByTask.values()).as("task_started events per task: %s", startsByTask)
                .anyMatch(starts -> starts >= 2);
    }

    private static String submitHeadshots(List<String> styles) {
        GatewayClient.Answer answer = gateway.post("/v1/headshots", new Multipart()
                .file("photo", "portrait.jpg", "image/jpeg", TestPhotos.portrait())
                .fields("styles", String.join(",", styles), "count", String.valueOf(styles.size())));
        assertThat(answer.status()).as("submission answer: %s", answer.text()).isEqualTo(202);
        return answer.json().get("id").asText();
    }

    /**
     * The worker in the middle of a headshot: a task in flight in two samples in a row,
     * and step progress events sent in between (it is denoising, not finishing).
     */
    private static ServiceProcess awaitBusyWorker() {
        long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
        double[][] previous = samples();
        while (System.nanoTime() < deadline) {
            sleep(300);
            double[][] now = samples();
            for (int i = 0; i < workers.size(); i++) {
                if (previous[i][0] > 0 && now[i][0] > 0 && now[i][1] > previous[i][1]) {
                    return workers.get(i);
                }
            }
            previous = now;
        }
        throw new AssertionError("no generator worker seen in the middle of a task within " + BUSY_TIMEOUT);
    }

    /** Per worker: tasks it is running, and events it has sent. */
    private static double[][] samples() {
        double[][] samples = new double[workers.size()][];
        for (int i = 0; i < workers.size(); i++) {
            String metrics = metrics(workers.get(i));
            samples[i] = new double[] {PrometheusText.sum(metrics, "headshots_tasks_in_flight", GENERATE_QUEUE),
                    PrometheusText.sum(metrics, "kafka_producer_record_send_total", EVENTS_PRODUCER)};
        }
        return samples;
    }

    private static String metrics(ServiceProcess worker) {
        try {
            return worker.getManagement("/q/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics of " + worker, e);
        }
    }

    private static double succeeded(ServiceProcess worker) {
        return worker.metric("generator_tasks_total", "outcome=\"succeeded\"");
    }

    private static ServiceProcess newGenerator() {
        // Random weights preserve nobody's identity: the identity check is off (docs/engines.md).
        return system.newDiffusionGenerator(models, Map.of(
                "generator.diffusion.steps", STEPS,
                "generator.diffusion.min-identity-cosine", "-1",
                "generator.progress-interval", "PT0.2S"));
    }

    /** A fresh worker takes the place of a killed one, as an orchestrator would restart it. */
    private static void replace(ServiceProcess killed) {
        workers.set(workers.indexOf(killed), newGenerator().start());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
