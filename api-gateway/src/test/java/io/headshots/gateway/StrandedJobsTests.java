package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.Topics;
import io.headshots.contracts.UpscaleTask;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.gateway.service.JobTasks;
import io.headshots.gateway.service.StrandedJobs;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.testing.CapturedLogs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gateway that stops between storing a job and publishing its tasks leaves a record without a
 * queued marker: {@link StrandedJobs} publishes the tasks (the same messages the submission would
 * have sent) and marks the job, once; jobs that were queued, canceled or finished are left alone.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class StrandedJobsTests {
    private static final Duration QUIET = Duration.ofSeconds(3);

    @Inject
    JobStore store;

    @Inject
    StrandedJobs stranded;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void aJobStoredButNeverQueuedHasItsTasksPublishedOnceAndIsMarkedQueued() {
        JobRecord job = strandedUpscale(Instant.now().minus(Duration.ofMinutes(5)));

        int published;
        try (CapturedLogs logs = CapturedLogs.install()) {
            published = stranded.lookBetween(job.createdAt().minusSeconds(1), Instant.now().minusSeconds(60));
            // The line about the stranded job carries its id as a field (JSON logs), never in the text.
            assertThat(logs.records()).filteredOn(l -> l.text().contains("stranded before its tasks were queued"))
                    .anySatisfy(l -> assertThat(l.fields()).containsEntry(JobLogContext.JOB_ID, job.id()))
                    .allSatisfy(l -> assertThat(l.text()).doesNotContain(job.id()));
        }

        assertThat(published).isGreaterThanOrEqualTo(1);
        ConsumerRecord<String, byte[]> record = EventBus.find(Topics.UPSCALE, job.id(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no task published for the stranded job"));
        assertThat(Messages.decodeTask(record.value(), UpscaleTask.class)).isEqualTo(JobTasks.upscale(job));
        assertThat(record.key()).isEqualTo(job.id() + "/image");
        assertThat(store.objects().exists(StorageKeys.queuedMarker(job.id()))).isTrue();

        stranded.lookBetween(job.createdAt().minusSeconds(1), Instant.now().minusSeconds(60));
        assertThat(EventBus.all(Topics.UPSCALE, job.id(), QUIET)).as("published once").hasSize(1);
    }

    @Test
    void queuedCanceledAndFinishedJobsAreLeftAlone() {
        Instant created = Instant.now().minus(Duration.ofMinutes(7));
        JobRecord queued = strandedUpscale(created);
        store.markQueued(queued.id(), created);
        JobRecord canceled = strandedUpscale(created.plusMillis(5));
        store.cancelJob(canceled.id(), created);
        JobRecord finished = strandedUpscale(created.plusMillis(10));
        store.putResult(TaskResult.succeeded(finished.id(), "image", "image", finished.tasks().get(0).outputKey(),
                "image/png", 8, 8, created));

        stranded.lookBetween(created.minusSeconds(1), created.plusSeconds(1));

        for (JobRecord job : List.of(queued, canceled, finished)) {
            assertThat(EventBus.all(Topics.UPSCALE, job.id(), QUIET)).as("tasks of %s", job.id()).isEmpty();
            assertThat(store.objects().exists(StorageKeys.queuedMarker(job.id()))).isEqualTo(job == queued);
        }
    }

    @Test
    void aJobYoungerThanTheGraceIsNotLookedAt() {
        JobRecord young = strandedUpscale(Instant.now());

        stranded.look(); // covers jobs up to now - stranded-after (1 min) only

        assertThat(EventBus.all(Topics.UPSCALE, young.id(), QUIET)).isEmpty();
        assertThat(store.objects().exists(StorageKeys.queuedMarker(young.id()))).isFalse();
    }

    @Test
    void aSubmittedJobIsMarkedQueuedOnceItsTasksAreOnTheBroker() {
        String id = Gateway.upscale(Keys.FREE, TestImages.png(32, 24), "scale", "2").statusCode(202)
                .extract().path("id");

        // The marker is written after the 202 (StorageWrites), within moments.
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> store.objects().exists(StorageKeys.queuedMarker(id)));
        assertThat(store.strandedJobs(JobIds.createdAt(id), JobIds.createdAt(id).plusMillis(1))).isEmpty();
    }

    /** What a gateway that died before publishing leaves: the upload and the record, nothing else. */
    private JobRecord strandedUpscale(Instant createdAt) {
        String id = new JobIds(Clock.fixed(createdAt, ZoneOffset.UTC)).next();
        String inputKey = StorageKeys.input(id, "png");
        store.objects().put(inputKey, TestImages.png(16, 16), "image/png");
        JobRecord job = new JobRecord(JobRecord.VERSION, id, "demo-free", JobKind.UPSCALE, Tier.FREE, createdAt,
                createdAt.plus(Duration.ofHours(24)), inputKey, "png", 16, 16,
                new JobRecord.UpscaleOptions("realesrgan-x4fast", 2, 32, 32, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, StorageKeys.upscaled(id, "image", "png"))));
        store.putJob(job);
        return job;
    }
}
