package io.headshots.gateway.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;

import io.headshots.contracts.JobIds;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.service.JobViews;
import io.headshots.platform.storage.StorageException;

/**
 * Refuses a new job while the tenant already has {@code max-concurrent-jobs} queued or running, across
 * every gateway replica: a submission takes one of the tenant's shared {@link JobSlots} for its job
 * before anything is stored, and the slot is given back when the job ends, is canceled or deleted
 * (whichever replica sees it: {@link JobViews}), or when the submission fails.
 *
 * <p>Before a refusal the tenant's held slots are checked against the jobs themselves (memory, else
 * S3): a slot whose job has ended, or never came to exist, is given back and the submission tries
 * again. So a replica that died, or an event no replica applied, costs the tenant a slot only until
 * its next refused submission, never for the job's whole life.
 */
@ApplicationScoped
public class ActiveJobQuota {
    private static final Logger LOG = Logger.getLogger(ActiveJobQuota.class);
    /**
     * A held slot whose job has no record yet is another replica's submission in progress (the upload
     * goes to S3 first) unless its id is older than this.
     */
    static final Duration SUBMISSION_GRACE = Duration.ofMinutes(2);

    private final JobSlots slots;
    private final JobViews views;
    private final Clock clock;
    private final int retryAfter;

    public ActiveJobQuota(JobSlots slots, JobViews views, Clock clock, GatewayConfig config) {
        this.slots = slots;
        this.views = views;
        this.clock = clock;
        this.retryAfter = config.jobs().retryAfterSeconds();
    }

    /**
     * Takes a slot of the tenant's quota for the job, or refuses with 429 {@code too_many_active_jobs};
     * 503 {@code quota_unavailable} when the cluster cannot answer (unlike the rate, a quota that could
     * not be counted is not waived: the job would hold a slot nobody recorded).
     */
    public void take(Tenant tenant, String jobId, Instant expiresAt) {
        try {
            if (slots.take(tenant.id(), jobId, tenant.maxConcurrentJobs(), expiresAt, clock.instant())) {
                return;
            }
            if (releaseSettled(tenant) > 0
                    && slots.take(tenant.id(), jobId, tenant.maxConcurrentJobs(), expiresAt, clock.instant())) {
                return;
            }
        } catch (HazelcastException | HazelcastInstanceNotActiveException e) {
            LOG.warnf("a submission was refused, the gateway cluster did not answer: %s", e.toString());
            throw ApiProblem.unavailable("quota_unavailable", "the job quota cannot be checked now, retry later",
                    retryAfter);
        }
        throw new ApiProblem(429, "too_many_active_jobs", "Too many active jobs", "at most "
                + tenant.maxConcurrentJobs() + " jobs may be queued or running at once", retryAfter);
    }

    /**
     * Gives back the slot of a submission that failed after taking it. Best effort, so that the
     * submission's own failure is what the client hears; a slot left behind is freed at the tenant's
     * next refusal (its job never got a record).
     */
    public void giveBack(Tenant tenant, String jobId) {
        try {
            slots.release(tenant.id(), jobId);
        } catch (HazelcastException | HazelcastInstanceNotActiveException e) {
            LOG.warnf("could not give back the quota slot of a failed submission: %s", e.toString());
        }
    }

    /** Gives back the slots whose jobs have ended or are gone; how many. */
    private int releaseSettled(Tenant tenant) {
        Instant now = clock.instant();
        int released = 0;
        for (String jobId : slots.held(tenant.id())) {
            if (settled(jobId, now)) {
                slots.release(tenant.id(), jobId);
                released++;
            }
        }
        if (released > 0) {
            LOG.debugf("gave back %d job slot(s) of ended or missing jobs", released);
        }
        return released;
    }

    private boolean settled(String jobId, Instant now) {
        try {
            return views.find(jobId)
                    .map(state -> state.status().terminal() || !state.job().expiresAt().isAfter(now))
                    .orElseGet(() -> !JobIds.isValid(jobId)
                            || JobIds.createdAt(jobId).plus(SUBMISSION_GRACE).isBefore(now));
        } catch (StorageException e) {
            return false; // the slot stays: S3 cannot tell, and refusing is the safe side
        }
    }
}
