package io.headshots.platform.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.headshots.contracts.JobCancel;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;

/**
 * Jobs in S3, the source of truth: {@code job.json} written at submission, one
 * {@code tasks/{taskId}.json} per terminal task. A job exists exactly as long as its
 * {@code job.json} does; deleting a job removes its record first, so that a worker checking
 * {@link #jobExists} can never resurrect it.
 *
 * <p>A canceled job keeps its record and gains a marker ({@link #cancelJob}); workers check
 * {@link #isCanceled} when they pick a task and every few seconds while they work. A tenant's jobs
 * are found through index entries filed under each job's creation hour ({@link #indexJob}).
 */
public class JobStore {
    /** Threads for the reads {@link #taskStart} makes beside the caller's; each waits on one S3 request. */
    private static final ExecutorService READS = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "s3-reads");
        thread.setDaemon(true);
        return thread;
    });

    private static final String JSON = "application/json";

    private final ObjectStore objects;

    public JobStore(ObjectStore objects) {
        this.objects = objects;
    }

    public ObjectStore objects() {
        return objects;
    }

    public void putJob(JobRecord job) {
        objects.put(StorageKeys.jobRecord(job.id()), Messages.toJson(job), JSON);
    }

    public Optional<JobRecord> job(String jobId) {
        return objects.get(StorageKeys.jobRecord(jobId)).map(b -> Messages.fromJson(b, JobRecord.class));
    }

    public boolean jobExists(String jobId) {
        return objects.exists(StorageKeys.jobRecord(jobId));
    }

    /** Marks the job canceled; idempotent. The job's record and outputs stay until it is deleted. */
    public void cancelJob(String jobId, Instant at) {
        objects.put(StorageKeys.cancelMarker(jobId), Messages.toJson(new JobCancel(JobCancel.VERSION, jobId, at)),
                JSON);
    }

    /** Whether the job was canceled: workers drop its queued tasks and stop its running ones. */
    public boolean isCanceled(String jobId) {
        return objects.exists(StorageKeys.cancelMarker(jobId));
    }

    /** Records that the job's tasks are on the broker ({@link StorageKeys#queuedMarker}). */
    public void markQueued(String jobId, Instant at) {
        byte[] marker = ("{\"queuedAt\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8);
        objects.put(StorageKeys.queuedMarker(jobId), marker, JSON);
    }

    /**
     * Jobs created in {@code [from, to)} whose record is stored but that were never marked queued,
     * have no task outcome and are not canceled: their gateway stopped between storing the record and
     * publishing the tasks. One ranged listing per creation hour (job ids are time-ordered), so the
     * cost follows the jobs of the window, not of the hour.
     */
    public List<String> strandedJobs(Instant from, Instant to) {
        Map<String, Set<String>> namesByJob = new TreeMap<>();
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to);
                hour = hour.plus(1, ChronoUnit.HOURS)) {
            String prefix = StorageKeys.hourPrefix(hour);
            for (String key : objects.listRange(prefix, prefix + idFloor(from), prefix + idFloor(to))) {
                String rest = key.substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash > 0) {
                    namesByJob.computeIfAbsent(rest.substring(0, slash), id -> new HashSet<>())
                            .add(rest.substring(slash + 1));
                }
            }
        }
        List<String> stranded = new ArrayList<>();
        namesByJob.forEach((jobId, names) -> {
            boolean recorded = names.contains("job.json");
            boolean moved = names.contains("queued.json") || names.contains("cancel.json")
                    || names.stream().anyMatch(n -> n.startsWith("tasks/"));
            if (recorded && !moved && JobIds.isValid(jobId)) {
                stranded.add(jobId);
            }
        });
        return stranded;
    }

    /** The part of a job id (UUIDv7) that the creation millisecond fixes: ids of later jobs sort after it. */
    static String idFloor(Instant at) {
        String hex = String.format("%012x", at.toEpochMilli());
        return hex.substring(0, 8) + "-" + hex.substring(8);
    }

    /** Files the job in its tenant's index (an empty object under the job's creation hour). */
    public void indexJob(String tenant, String jobId) {
        objects.put(StorageKeys.tenantEntry(tenant, jobId), new byte[0], "application/octet-stream");
    }

    /** Removes the job from its tenant's index; retention removes entries with their hour anyway. */
    public void unindexJob(String tenant, String jobId) {
        objects.delete(List.of(StorageKeys.tenantEntry(tenant, jobId)));
    }

    /**
     * The ids of the tenant's jobs created in the hour that contains {@code hour}, newest first, as
     * the index has them: an entry may outlive its job by up to an hour (retention deletes whole
     * hours), so callers check that the job still exists.
     */
    public List<String> tenantJobs(String tenant, Instant hour) {
        String prefix = StorageKeys.tenantHourPrefix(tenant, hour);
        return objects.list(prefix, false).stream()
                .map(key -> key.substring(prefix.length()))
                .filter(JobIds::isValid)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /** What a worker must know before it starts a task, read by {@link #taskStart}. */
    public record TaskStart(boolean jobExists, boolean canceled, Optional<TaskResult> result) {
    }

    /**
     * Whether the job exists, is canceled, and has a result for the task: three small reads at once
     * (the record's and the marker's HEAD, the result's GET), one round trip. A listing of the job's
     * prefix answered the same in one request, but the server's work grows with the job: a premium job
     * holds a few hundred objects, and S3Proxy spent ~9-16 ms of CPU listing 150-250 of them against
     * ~1-3 ms for the three reads (measured on loopback); on AWS a LIST also costs more than three GETs.
     */
    public TaskStart taskStart(String jobId, String taskId) {
        CompletableFuture<Boolean> canceled = CompletableFuture.supplyAsync(() -> isCanceled(jobId), READS);
        CompletableFuture<Optional<TaskResult>> result = CompletableFuture.supplyAsync(() -> result(jobId, taskId),
                READS);
        boolean exists = jobExists(jobId);
        return new TaskStart(exists, join(canceled), join(result));
    }

    /** The value of a read made on {@link #READS}; its failure as it was raised. */
    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    public void putResult(TaskResult result) {
        objects.put(StorageKeys.taskResult(result.jobId(), result.taskId()), Messages.toJson(result), JSON);
    }

    /**
     * Records the task's result unless one is recorded already: a conditional write, so of two workers
     * finishing the same task (one lost its lock while running) exactly one result stands, with no read
     * before the write. Safe to retry: a write that landed but whose answer was lost finds its own result.
     *
     * @return the result that stands: this one if it was written (or an equal one was), the earlier one
     *         otherwise; empty if the earlier one is gone again (its job was deleted meanwhile)
     */
    public Optional<TaskResult> recordResult(TaskResult result) {
        if (objects.putIfAbsent(StorageKeys.taskResult(result.jobId(), result.taskId()), Messages.toJson(result),
                JSON)) {
            return Optional.of(result);
        }
        return result(result.jobId(), result.taskId());
    }

    public Optional<TaskResult> result(String jobId, String taskId) {
        return objects.get(StorageKeys.taskResult(jobId, taskId)).map(b -> Messages.fromJson(b, TaskResult.class));
    }

    /** Every recorded task result of the job. */
    public List<TaskResult> results(String jobId) {
        List<TaskResult> results = new ArrayList<>();
        for (String key : objects.list(StorageKeys.jobPrefix(jobId) + "tasks/", true)) {
            objects.get(key).map(b -> Messages.fromJson(b, TaskResult.class)).ifPresent(results::add);
        }
        return results;
    }

    /**
     * Deletes everything of the job: the record first (from then on the job is gone for every
     * reader and worker), then the rest of its prefix. Returns the number of objects deleted.
     */
    public int deleteJob(String jobId) {
        int deleted = objects.delete(List.of(StorageKeys.jobRecord(jobId)));
        return deleted + objects.deletePrefix(StorageKeys.jobPrefix(jobId));
    }
}
