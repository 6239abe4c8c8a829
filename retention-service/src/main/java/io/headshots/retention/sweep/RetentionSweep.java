package io.headshots.retention.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.StorageKeys;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.ObjectStore.ObjectInfo;
import io.headshots.platform.storage.StorageException;
import io.headshots.platform.storage.StorageRetry;
import io.headshots.retention.metrics.RetentionMetrics;
import io.micrometer.core.instrument.Timer;

/**
 * One pass over the bucket that deletes every job due under the {@link RetentionPolicy}. Keys are
 * laid out by creation hour ({@code jobs/yyyyMMddHH/jobId/...}), so a sweep lists the hour
 * prefixes, deletes whole hours that ended before the horizon in batches, and looks at single jobs
 * only in the hour the horizon falls in, where each job's id decides. What it costs follows what
 * it deletes, not the size of the bucket.
 *
 * <p>Holds no state between sweeps: everything it knows comes from the listing, so any number of
 * sweeps (replicas, or a restart mid-sweep) can run at once and the next sweep picks up whatever a
 * failed one left. Within a job, the record goes first, so a half-deleted job is already gone for
 * every reader and worker.
 */
public final class RetentionSweep {
    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    /** MDC field of the lines about one job (a field of JSON logs), as the gateway and workers name it. */
    public static final String JOB_ID = "jobId";
    private static final Pattern HOUR_PREFIX = Pattern.compile(Pattern.quote(StorageKeys.ROOT) + "\\d{10}/");
    private static final String RECORD = "/job.json";
    /** S3 DeleteObjects takes at most 1000 keys a request. */
    static final int DELETE_BATCH = 1000;

    private final ObjectStore objects;
    private final JobStore jobs;
    private final Clock clock;
    private final RetentionPolicy policy;
    private final StorageRetry retry;
    private final RetentionMetrics metrics;

    public RetentionSweep(JobStore jobs, Clock clock, RetentionPolicy policy, StorageRetry retry,
            RetentionMetrics metrics) {
        this.objects = jobs.objects();
        this.jobs = jobs;
        this.clock = clock;
        this.policy = policy;
        this.retry = retry;
        this.metrics = metrics;
    }

    /**
     * Deletes everything due now. Throws the {@link StorageException} that made it give up when
     * the store stays unreachable through the retries; what is left goes in the next sweep.
     */
    public SweepReport sweep() {
        Timer.Sample sample = metrics.sweepStarted();
        try {
            SweepReport report = sweepOnce(policy.deleteCreatedBefore(clock.instant()));
            metrics.sweepFinished(sample, report.complete(), report.oldestLive());
            return report;
        } catch (RuntimeException e) {
            metrics.sweepAborted(sample);
            throw e;
        }
    }

    private SweepReport sweepOnce(Instant horizon) {
        Tally tally = new Tally();
        Instant oldest = null;
        for (String hour : hours()) {
            Instant start = StorageKeys.hourOf(hour);
            if (!start.plus(Duration.ofHours(1)).isAfter(horizon)) {
                if (!deleteHour(hour, tally)) {
                    oldest = earliest(oldest, start);
                }
            } else if (start.isBefore(horizon)) {
                oldest = earliest(oldest, sweepBoundaryHour(hour, horizon, tally));
            } else if (oldest == null) {
                oldest = oldestJobIn(hour);
            } else {
                break;
            }
        }
        sweepIdempotencyKeys(horizon, tally);
        return new SweepReport(tally.objects, tally.bytes, tally.jobs, tally.failedUnits, Optional.ofNullable(oldest));
    }

    /**
     * The gateway's Idempotency-Key entries ({@code idempotency/}, outside the hours: found by key, not
     * by time) go by their write time, with the same horizon as the jobs they point at.
     */
    private void sweepIdempotencyKeys(Instant horizon, Tally tally) {
        List<String> due = retry.call("list idempotency keys", () -> objects.listStamped(StorageKeys.IDEMPOTENCY))
                .stream().filter(entry -> entry.lastModified().isBefore(horizon)).map(ObjectStore.Stamped::key)
                .toList();
        for (int from = 0; from < due.size(); from += 1000) {
            List<String> batch = due.subList(from, Math.min(due.size(), from + 1000));
            int deleted = retry.call("delete batch", () -> objects.delete(batch));
            tally.add(deleted, 0, 0, metrics);
        }
    }

    /** Hour prefixes under {@code jobs/}, oldest first; anything else there is not ours to judge. */
    private List<String> hours() {
        return retry.call("list hours", () -> objects.list(StorageKeys.ROOT, false)).stream()
                .filter(p -> HOUR_PREFIX.matcher(p).matches())
                .sorted()
                .toList();
    }

    /**
     * Deletes a whole hour, every job record first, in batches. Returns false when the store
     * refused for good; a transient failure that outlasts the retries ends the sweep.
     */
    private boolean deleteHour(String hour, Tally tally) {
        try {
            List<ObjectInfo> listed = retry.call("list hour", () -> objects.listObjects(hour));
            List<ObjectInfo> records = new ArrayList<>();
            List<ObjectInfo> rest = new ArrayList<>();
            for (ObjectInfo object : listed) {
                (isRecord(hour, object.key()) ? records : rest).add(object);
            }
            deleteInBatches(records, true, tally);
            deleteInBatches(rest, false, tally);
            return true;
        } catch (StorageException e) {
            if (e.isTransient()) {
                throw e;
            }
            tally.failedUnits++;
            LOG.warnf("could not delete hour %s, left for the next sweep: %s", hour, e.getMessage());
            return false;
        }
    }

    private void deleteInBatches(List<ObjectInfo> batchable, boolean records, Tally tally) {
        for (int from = 0; from < batchable.size(); from += DELETE_BATCH) {
            List<ObjectInfo> batch = batchable.subList(from, Math.min(batchable.size(), from + DELETE_BATCH));
            List<String> keys = batch.stream().map(ObjectInfo::key).toList();
            int deleted = retry.call("delete batch", () -> objects.delete(keys));
            tally.add(deleted, batch.stream().mapToLong(ObjectInfo::size).sum(), records ? deleted : 0, metrics);
        }
    }

    /**
     * The hour the horizon falls in: deletes the jobs created before it and their tenant index
     * entries, keeps the rest. Other entries that are not jobs filed under their own hour are left
     * to the whole-hour deletion an hour later. Returns the creation time of the oldest job left,
     * or null.
     */
    private Instant sweepBoundaryHour(String hour, Instant horizon, Tally tally) {
        Instant oldestLeft = null;
        boolean hasIndex = false;
        for (String entry : retry.call("list jobs", () -> objects.list(hour, false))) {
            hasIndex |= entry.equals(hour + StorageKeys.TENANTS);
            String jobId = jobIdOf(hour, entry);
            if (jobId == null) {
                continue;
            }
            Instant created = JobIds.createdAt(jobId);
            if (!created.isBefore(horizon) || !deleteJob(jobId, tally)) {
                oldestLeft = earliest(oldestLeft, created);
            }
        }
        if (hasIndex) {
            oldestLeft = earliest(oldestLeft, sweepTenantIndex(hour, horizon, tally));
        }
        return oldestLeft;
    }

    /**
     * Deletes the tenant index entries ({@code jobs/hour/tenants/{tenantKey}/{jobId}}) of the
     * boundary hour whose job is due: an entry names its job and, through its folder, the tenant,
     * so it may not outlive the job by the hour a whole-hour deletion would give it. Returns the
     * creation time of the oldest due entry the store refused to delete, or null.
     */
    private Instant sweepTenantIndex(String hour, Instant horizon, Tally tally) {
        List<ObjectInfo> due = new ArrayList<>();
        Instant oldestDue = null;
        for (ObjectInfo entry : retry.call("list index", () -> objects.listObjects(hour + StorageKeys.TENANTS))) {
            String jobId = entry.key().substring(entry.key().lastIndexOf('/') + 1);
            if (JobIds.isValid(jobId) && JobIds.createdAt(jobId).isBefore(horizon)) {
                due.add(entry);
                oldestDue = earliest(oldestDue, JobIds.createdAt(jobId));
            }
        }
        try {
            deleteInBatches(due, false, tally);
            return null;
        } catch (StorageException e) {
            if (e.isTransient()) {
                throw e;
            }
            tally.failedUnits++;
            LOG.warnf("could not delete tenant index entries of hour %s, left for the next sweep: %s", hour,
                    e.getMessage());
            return oldestDue;
        }
    }

    private boolean deleteJob(String jobId, Tally tally) {
        // The sweep's lines about this job carry its id as a field; the next job's must not.
        MDC.put(JOB_ID, jobId);
        try {
            List<ObjectInfo> listed = retry.call("list job", () -> objects.listObjects(StorageKeys.jobPrefix(jobId)));
            if (listed.isEmpty()) {
                return true; // another sweep got there first
            }
            boolean hadRecord = listed.stream().anyMatch(o -> o.key().equals(StorageKeys.jobRecord(jobId)));
            retry.call("delete job", () -> jobs.deleteJob(jobId));
            // Counted from the listing, like the bytes: deleting a key already gone reports it too.
            tally.add(listed.size(), listed.stream().mapToLong(ObjectInfo::size).sum(), hadRecord ? 1 : 0, metrics);
            return true;
        } catch (StorageException e) {
            if (e.isTransient()) {
                throw e;
            }
            tally.failedUnits++;
            LOG.warnf("could not delete a job of hour %s, left for the next sweep: %s",
                    StorageKeys.hourPrefix(JobIds.createdAt(jobId)), e.getMessage());
            return false;
        } finally {
            MDC.remove(JOB_ID);
        }
    }

    /** Creation time of the oldest job in a live hour, or null when it holds none. */
    private Instant oldestJobIn(String hour) {
        Instant oldest = null;
        for (String entry : retry.call("list jobs", () -> objects.list(hour, false))) {
            String jobId = jobIdOf(hour, entry);
            if (jobId != null) {
                oldest = earliest(oldest, JobIds.createdAt(jobId));
            }
        }
        return oldest;
    }

    /** The job id of a {@code jobs/hour/jobId/} entry filed under its own hour, else null. */
    private static String jobIdOf(String hour, String entry) {
        if (!entry.startsWith(hour) || !entry.endsWith("/")) {
            return null;
        }
        String id = entry.substring(hour.length(), entry.length() - 1);
        return JobIds.isValid(id) && StorageKeys.jobPrefix(id).equals(entry) ? id : null;
    }

    private static boolean isRecord(String hour, String key) {
        return key.endsWith(RECORD) && key.indexOf('/', hour.length()) == key.length() - RECORD.length();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** Running totals of one sweep, also fed to the counters as they grow. */
    private static final class Tally {
        long objects;
        long bytes;
        long jobs;
        int failedUnits;

        void add(long objectCount, long byteCount, long jobCount, RetentionMetrics metrics) {
            objects += objectCount;
            bytes += byteCount;
            jobs += jobCount;
            metrics.deleted(objectCount, byteCount, jobCount);
        }
    }
}
