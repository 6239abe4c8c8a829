package io.headshots.gateway.quota;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.service.JobViews;

/**
 * Refuses a new job while the tenant already has {@code max-concurrent-jobs} queued or running. It
 * counts the jobs this replica knows of (those it created or was asked about), so across replicas
 * it is a per-replica bound, not an exact global one.
 */
@ApplicationScoped
public class ActiveJobQuota {
    private final JobViews views;
    private final int retryAfter;

    public ActiveJobQuota(JobViews views, GatewayConfig config) {
        this.views = views;
        this.retryAfter = config.jobs().retryAfterSeconds();
    }

    public void check(Tenant tenant) {
        if (views.unfinished(tenant.id()) >= tenant.maxConcurrentJobs()) {
            throw new ApiProblem(429, "too_many_active_jobs", "Too many active jobs", "at most "
                    + tenant.maxConcurrentJobs() + " jobs may be queued or running at once", retryAfter);
        }
    }
}
