package io.headshots.gateway.service;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobStatus;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.StorageException;

/**
 * A tenant's view of its jobs. A job of another tenant, an expired job and a malformed id all look
 * exactly like a job that does not exist (404), so nothing reveals that an id is in use.
 */
@ApplicationScoped
public class JobAccess {
    private static final Logger LOG = Logger.getLogger(JobAccess.class);

    private final JobViews views;
    private final JobStore store;
    private final StorageWrites writes;
    private final Clock clock;

    public JobAccess(JobViews views, JobStore store, StorageWrites writes, Clock clock) {
        this.views = views;
        this.store = store;
        this.writes = writes;
        this.clock = clock;
    }

    /** The tenant's job, or a 404 problem. */
    public JobState job(Tenant tenant, String jobId) {
        return views.find(jobId)
                .filter(s -> s.job().tenant().equals(tenant.id()))
                .filter(s -> s.job().expiresAt().isAfter(clock.instant()))
                .orElseThrow(() -> ApiProblem.notFound("the job"));
    }

    /** Deletes the job now: its record first, then every object under its prefix, then its index entry. */
    public void delete(Tenant tenant, String jobId) {
        job(tenant, jobId);
        settle(jobId); // a queued marker still in flight must not land after the delete
        store.deleteJob(jobId);
        views.forget(tenant.id(), jobId);
        unindex(tenant.id(), jobId);
        LOG.info("job deleted on request");
    }

    /**
     * Cancels the job: writes its cancel marker, after which workers drop its queued tasks and stop
     * its running ones at their next tile. The decision rests on S3, not on a view that may have
     * missed an event: a job whose tasks have all ended is a 409.
     */
    public Cancellation cancel(Tenant tenant, String jobId) {
        JobState state = job(tenant, jobId);
        if (state.status() == JobStatus.CANCELED) {
            return new Cancellation(state, false);
        }
        JobState fresh = views.reload(jobId).orElseThrow(() -> ApiProblem.notFound("the job"));
        if (fresh.status() == JobStatus.CANCELED) {
            return new Cancellation(fresh, false);
        }
        if (fresh.status().terminal()) {
            throw new ApiProblem(409, "job_finished", "Job already finished",
                    "the job is " + fresh.status().wireName() + "; only a queued or running job can be canceled");
        }
        store.cancelJob(jobId, clock.instant());
        views.markCanceled(fresh);
        LOG.infof("job canceled on request, %s before", fresh.status().wireName());
        return new Cancellation(views.find(jobId).orElse(fresh.withCanceled(true, clock.instant())), true);
    }

    /** Waits for the job's storage writes still in flight here (its queued marker), before a delete. */
    void settle(String jobId) {
        writes.settle(jobId);
    }

    /** Best effort: an index entry without its job is skipped by listings and goes with its hour. */
    void unindex(String tenant, String jobId) {
        try {
            store.unindexJob(tenant, jobId);
        } catch (StorageException e) {
            LOG.warnf("could not remove a deleted job from its tenant's index; retention will: %s", e.getMessage());
        }
    }

    /** The job after a cancel request; {@code now} is false when it had been canceled before. */
    public record Cancellation(JobState state, boolean now) {
    }

    /** An open stream of a finished output with its type and length; the caller closes the stream. */
    public Download output(Tenant tenant, String jobId, String outputName) {
        JobState state = job(tenant, jobId);
        TaskSpec spec = state.spec(outputName).orElseThrow(() -> ApiProblem.notFound("the output"));
        JobState.TaskState task = state.task(spec.taskId());
        if (task.outcome() != TaskOutcome.SUCCEEDED) {
            throw new ApiProblem(404, "output_not_ready", "Output not ready",
                    "the output does not exist yet; watch the job until it has succeeded");
        }
        TaskResult result = task.result();
        String key = result != null && result.outputKey() != null ? result.outputKey() : spec.outputKey();
        if (!io.headshots.contracts.StorageKeys.belongsTo(key, jobId)) {
            throw ApiProblem.notFound("the output");
        }
        ObjectStore objects = store.objects();
        ObjectStore.ObjectInfo info = objects.stat(key).orElseThrow(() -> ApiProblem.notFound("the output"));
        InputStream in = objects.open(key).orElseThrow(() -> ApiProblem.notFound("the output"));
        String type = result != null && result.contentType() != null ? result.contentType() : info.contentType();
        return new Download(in, info.size(), type);
    }

    /** An output being streamed to a client. */
    public record Download(InputStream content, long length, String contentType) {
    }

    /**
     * The finished outputs of the tenant's job, to be streamed one after another: a 404 problem for a
     * job the tenant cannot see, a 409 {@code no_outputs} while (or when) the job has none. Nothing is
     * opened here; {@link #open} streams each output when its turn comes.
     */
    public List<ArchiveEntry> finishedOutputs(Tenant tenant, String jobId) {
        JobState state = job(tenant, jobId);
        List<ArchiveEntry> entries = state.job().tasks().stream()
                .filter(spec -> state.task(spec.taskId()).outcome() == TaskOutcome.SUCCEEDED)
                .map(spec -> {
                    TaskResult result = state.task(spec.taskId()).result();
                    String key = result != null && result.outputKey() != null ? result.outputKey() : spec.outputKey();
                    String type = result != null ? result.contentType() : null;
                    return new ArchiveEntry(spec.outputName(), key, type);
                })
                .filter(entry -> io.headshots.contracts.StorageKeys.belongsTo(entry.key(), jobId))
                .toList();
        if (entries.isEmpty()) {
            throw new ApiProblem(409, "no_outputs", "No outputs yet", state.status().terminal()
                    ? "the job is " + state.status().wireName() + " and has no finished output"
                    : "the job has no finished output yet; watch it and ask again");
        }
        return entries;
    }

    /** The stored bytes of one output, or empty when it is gone (the job was deleted meanwhile). */
    public Optional<InputStream> open(ArchiveEntry entry) {
        return store.objects().open(entry.key());
    }

    /** One finished output: its name, where it is stored, and its type when the worker recorded it. */
    public record ArchiveEntry(String name, String key, String contentType) {
    }
}
