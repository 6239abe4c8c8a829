package io.headshots.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobRecord;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.gateway.metrics.GatewayMetrics;
import io.headshots.gateway.quota.ActiveJobQuota;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;

/**
 * Starts a job, whatever its kind: the upload and the tenant's index entry (in parallel), then
 * {@code job.json} (so a record never points at a missing input, and every job is listed), then its
 * tasks on Kafka, acknowledged by the broker, then the 202, while the job's queued marker is written
 * ({@link StorageWrites}). If the broker does not acknowledge, the
 * job is deleted again and the client told to retry: a 202 always means queued. If this gateway dies
 * after storing the record and before the marker, {@link StrandedJobs} publishes the tasks. The job
 * takes a slot of its tenant's quota while its upload is written (a refused job is deleted again) and
 * gives it back when any of this fails.
 *
 * <p>The lines it logs carry the job's id as the MDC field {@value JobLogContext#JOB_ID} (a random UUID,
 * never in the message), and the request's trace id: the workers' lines of the same job carry both too.
 */
@ApplicationScoped
public class JobLauncher {
    private static final Logger LOG = Logger.getLogger(JobLauncher.class);

    private final JobStore store;
    private final StorageWrites writes;
    private final JobViews views;
    private final ActiveJobQuota quota;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final int retryAfter;

    public JobLauncher(JobStore store, StorageWrites writes, JobViews views, ActiveJobQuota quota,
            GatewayMetrics metrics, Clock clock, GatewayConfig config) {
        this.store = store;
        this.writes = writes;
        this.views = views;
        this.quota = quota;
        this.metrics = metrics;
        this.clock = clock;
        this.retryAfter = config.jobs().retryAfterSeconds();
    }

    /**
     * Stores and queues the job.
     *
     * @param publish sends the job's tasks and waits for the broker; throws
     *                {@link TaskPublisher.BrokerUnavailable} when it cannot
     */
    public JobState launch(Tenant tenant, JobRecord job, Path upload, String mediaType, Runnable publish) {
        try (var about = JobLogContext.about(job.id())) {
            JobState state = store(tenant, job, upload, mediaType, publish);
            LOG.infof("job queued: %s, %s tier, %d task(s)", job.kind().wireName(), job.tier().wireName(),
                    job.tasks().size());
            return state;
        }
    }

    private JobState store(Tenant tenant, JobRecord job, Path upload, String mediaType, Runnable publish) {
        // The quota's answer (a cluster call) comes while the upload travels; a refusal, rare, costs
        // the upload's deletion instead of a round trip on every submission.
        CompletableFuture<Void> slot = writes.beside(() -> quota.take(tenant, job.id(), job.expiresAt()));
        try {
            storeAndPublish(tenant, job, upload, mediaType, publish, slot);
        } catch (RuntimeException e) {
            if (slotTaken(slot)) {
                quota.giveBack(tenant, job.id());
            }
            throw e;
        }
        String jobId = job.id();
        writes.after(jobId, () -> markQueued(jobId));
        JobState state = JobState.submitted(job, clock.instant());
        views.remember(state);
        metrics.jobSubmitted(job.kind(), job.tier());
        return state;
    }

    private void storeAndPublish(Tenant tenant, JobRecord job, Path upload, String mediaType, Runnable publish,
            CompletableFuture<Void> slot) {
        // The index entry and the upload depend on nothing but themselves: one round trip for both.
        CompletableFuture<Void> indexed = writes.beside(() -> store.indexJob(tenant.id(), job.id()));
        try (InputStream in = Files.newInputStream(upload)) {
            store.objects().put(job.inputKey(), in, Files.size(upload), mediaType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            StorageWrites.join(indexed);
        }
        try {
            StorageWrites.join(slot);
        } catch (RuntimeException refused) {
            discard(tenant, job.id()); // nothing of a refused job stays
            throw refused;
        }
        store.putJob(job);
        try {
            publish.run();
        } catch (TaskPublisher.BrokerUnavailable e) {
            LOG.warnf("a job was not queued, the broker is unavailable: %s", e.getMessage());
            discard(tenant, job.id());
            throw ApiProblem.unavailable("broker_unavailable", "the job queue is unavailable, retry later",
                    retryAfter);
        }
    }

    /** Whether the job's quota slot was taken (and so must be given back if the submission fails). */
    private static boolean slotTaken(CompletableFuture<Void> slot) {
        try {
            StorageWrites.join(slot);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Best effort, after the 202: without the marker, {@link StrandedJobs} publishes the tasks again after its grace,
     * which the workers' effectively-once handling makes harmless (a duplicate task finds the result).
     */
    private void markQueued(String jobId) {
        try {
            store.markQueued(jobId, clock.instant());
        } catch (StorageException e) {
            LOG.warnf("could not mark a job queued; its tasks may be published twice: %s", e.getMessage());
        }
    }

    /** Best effort: a job whose tasks never reached the broker must not linger as queued. */
    private void discard(Tenant tenant, String jobId) {
        try {
            store.deleteJob(jobId);
            store.unindexJob(tenant.id(), jobId);
        } catch (StorageException e) {
            LOG.warnf("could not delete an unqueued job; retention will: %s", e.getMessage());
        }
    }
}
