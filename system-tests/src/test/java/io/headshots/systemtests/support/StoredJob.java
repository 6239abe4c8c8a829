package io.headshots.systemtests.support;

import java.util.Set;
import java.util.TreeSet;

import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.platform.storage.JobStore;

/** What S3 holds for a job, compared with what a finished job must hold: no more, no less. */
public final class StoredJob {
    private StoredJob() {
    }

    /** Every key under the job's prefix. */
    public static Set<String> keys(JobStore jobs, String jobId) {
        return new TreeSet<>(jobs.objects().list(StorageKeys.jobPrefix(jobId), true));
    }

    /**
     * The keys of a job whose every task succeeded: record, input, one output and one result per task.
     * Holds for upscale jobs and free headshot jobs (one generate task per output, writing the output
     * and its result under the job's task id); a premium headshot job also keeps each output's
     * generated intermediate and its generate task's own result, which this does not list.
     */
    public static Set<String> expectedWhenSucceeded(JobStore jobs, String jobId) {
        JobRecord job = jobs.job(jobId).orElseThrow(() -> new AssertionError("no job.json for " + jobId));
        Set<String> keys = new TreeSet<>();
        keys.add(StorageKeys.jobRecord(jobId));
        keys.add(StorageKeys.queuedMarker(jobId));
        keys.add(job.inputKey());
        for (TaskSpec task : job.tasks()) {
            keys.add(task.outputKey());
            keys.add(StorageKeys.taskResult(jobId, task.taskId()));
        }
        return keys;
    }
}
