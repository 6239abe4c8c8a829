package io.headshots.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.platform.storage.JobStore;

/**
 * All of a tenant's jobs at once: its recent jobs, newest first, a page at a time, and "delete my
 * data now". S3 has no index by tenant, so the gateway keeps one: an empty object per job under the
 * job's creation hour ({@link StorageKeys#tenantEntry}). A page costs one LIST per hour it walks
 * (at most {@code ttl} hours plus one) and a read per job this replica does not hold in memory; it
 * never reads another tenant's records. Job ids are time-ordered, so the cursor (the last id of a
 * page) fixes where the next page starts whatever is submitted or deleted meanwhile.
 */
@ApplicationScoped
public class TenantJobs {
    /** Jobs a page holds unless the caller asks for another number. */
    public static final int DEFAULT_LIMIT = 20;
    /** Most jobs a page may hold. */
    public static final int MAX_LIMIT = 100;
    private static final Pattern HOUR_PREFIX = Pattern.compile(Pattern.quote(StorageKeys.ROOT) + "\\d{10}/");

    private final JobStore store;
    private final JobViews views;
    private final JobAccess access;
    private final Clock clock;
    private final Duration ttl;

    public TenantJobs(JobStore store, JobViews views, JobAccess access, Clock clock, GatewayConfig config) {
        this.store = store;
        this.views = views;
        this.access = access;
        this.clock = clock;
        this.ttl = config.jobs().ttl();
    }

    /** One page of jobs and where the next starts ({@code null}: this was the last). */
    public record Page(List<JobState> jobs, String nextCursor) {
    }

    /**
     * The tenant's live jobs, newest first, older than the cursor when there is one.
     *
     * @param limit  jobs on the page, 1 to {@value #MAX_LIMIT}; null for {@value #DEFAULT_LIMIT}
     * @param cursor the {@code nextCursor} of the previous page, or null for the first
     */
    public Page list(Tenant tenant, String limit, String cursor) {
        int size = size(limit);
        if (cursor != null && !JobIds.isValid(cursor)) {
            throw ApiProblem.badRequest("invalid_cursor", "cursor must be the nextCursor of a previous page");
        }
        Instant now = clock.instant();
        Instant oldestHour = now.minus(ttl).truncatedTo(ChronoUnit.HOURS);
        Instant hour = (cursor == null ? now : JobIds.createdAt(cursor)).truncatedTo(ChronoUnit.HOURS);
        List<JobState> page = new ArrayList<>(size);
        for (; !hour.isBefore(oldestHour); hour = hour.minus(1, ChronoUnit.HOURS)) {
            for (String id : store.tenantJobs(tenant.id(), hour)) {
                if (cursor != null && id.compareTo(cursor) >= 0) {
                    continue;
                }
                Optional<JobState> job = live(tenant, id, now);
                if (job.isEmpty()) {
                    continue; // deleted or expired: the entry outlives it until its hour goes
                }
                if (page.size() == size) {
                    return new Page(page, page.get(size - 1).id());
                }
                page.add(job.get());
            }
        }
        return new Page(page, null);
    }

    /**
     * Deletes every job of the tenant that S3 still holds, expired ones included (retention may not
     * have swept them yet), the way {@code DELETE /v1/jobs/{id}} deletes one. Returns how many.
     */
    public int deleteAll(Tenant tenant) {
        int deleted = 0;
        List<String> hours = store.objects().list(StorageKeys.ROOT, false).stream()
                .filter(p -> HOUR_PREFIX.matcher(p).matches())
                .toList();
        for (String hour : hours) {
            for (String id : store.tenantJobs(tenant.id(), StorageKeys.hourOf(hour))) {
                Optional<JobRecord> job = store.job(id);
                if (job.isPresent() && !job.get().tenant().equals(tenant.id())) {
                    continue;
                }
                access.settle(id);
                store.deleteJob(id);
                views.forget(tenant.id(), id);
                access.unindex(tenant.id(), id);
                if (job.isPresent()) {
                    deleted++;
                }
            }
        }
        store.objects().deletePrefix(StorageKeys.idempotencyPrefix(tenant.id()));
        return deleted;
    }

    private static int size(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int size = Integer.parseInt(limit.trim());
            if (size >= 1 && size <= MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiProblem.badRequest("invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private Optional<JobState> live(Tenant tenant, String jobId, Instant now) {
        return views.find(jobId)
                .filter(s -> s.job().tenant().equals(tenant.id()))
                .filter(s -> s.job().expiresAt().isAfter(now));
    }
}
