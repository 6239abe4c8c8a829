package io.headshots.gateway.service;

import java.io.InputStream;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;

/**
 * A tenant's view of its jobs. A job of another tenant, an expired job and a malformed id all look
 * exactly like a job that does not exist (404), so nothing reveals that an id is in use.
 */
@ApplicationScoped
public class JobAccess {
    private final JobViews views;
    private final JobStore store;
    private final Clock clock;

    public JobAccess(JobViews views, JobStore store, Clock clock) {
        this.views = views;
        this.store = store;
        this.clock = clock;
    }

    /** The tenant's job, or a 404 problem. */
    public JobState job(Tenant tenant, String jobId) {
        return views.find(jobId)
                .filter(s -> s.job().tenant().equals(tenant.id()))
                .filter(s -> s.job().expiresAt().isAfter(clock.instant()))
                .orElseThrow(() -> ApiProblem.notFound("the job"));
    }

    /** Deletes the job now: its record first, then every object under its prefix. */
    public void delete(Tenant tenant, String jobId) {
        job(tenant, jobId);
        store.deleteJob(jobId);
        views.forget(jobId);
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
}
