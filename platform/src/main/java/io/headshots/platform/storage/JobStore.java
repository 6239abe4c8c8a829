package io.headshots.platform.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;

/**
 * Jobs in S3, the source of truth: {@code job.json} written at submission, one
 * {@code tasks/{taskId}.json} per terminal task. A job exists exactly as long as its
 * {@code job.json} does; deleting a job removes its record first, so that a worker checking
 * {@link #jobExists} can never resurrect it.
 */
public class JobStore {
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

    public void putResult(TaskResult result) {
        objects.put(StorageKeys.taskResult(result.jobId(), result.taskId()), Messages.toJson(result), JSON);
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
