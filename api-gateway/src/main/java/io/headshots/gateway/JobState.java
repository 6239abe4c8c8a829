package io.headshots.gateway;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.JobStatus;
import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;

/**
 * What the gateway knows of one job: its record plus the state of each task, folded from
 * {@code jobs.events} or read from the task results in S3. Immutable; every change makes a new
 * state with a higher {@code version}, which is also the SSE event id.
 *
 * @param canceled whether the user canceled the job (its cancel marker exists)
 * @param lastNews when an event or an S3 read last told us something about the job
 */
public record JobState(JobRecord job, Map<String, TaskState> tasks, boolean canceled, long version,
        Instant lastNews) {

    /** One task as far as events and results tell. {@code outcome} is null until it is terminal. */
    public record TaskState(boolean started, int done, int total, TaskOutcome outcome, TaskResult result,
            String errorCode, String errorMessage) {
        static final TaskState PENDING = new TaskState(false, 0, 0, null, null, null, null);

        public boolean finished() {
            return outcome != null;
        }

        /** Share of the task done, 0..1: tiles for a running task, 1 once it is terminal. */
        double fraction() {
            if (finished()) {
                return 1;
            }
            return total > 0 ? Math.min(1, (double) done / total) : 0;
        }

        static TaskState of(TaskResult r) {
            return new TaskState(true, 1, 1, r.outcome(), r, r.errorCode(), r.errorMessage());
        }
    }

    /** A job just accepted: every task pending. */
    public static JobState submitted(JobRecord job, Instant now) {
        Map<String, TaskState> tasks = new LinkedHashMap<>();
        job.tasks().forEach(t -> tasks.put(t.taskId(), TaskState.PENDING));
        return new JobState(job, Map.copyOf(tasks), false, 1, now);
    }

    /** A job as S3 records it: its record, whatever task results exist, and its cancel marker. */
    public static JobState stored(JobRecord job, List<TaskResult> results, boolean canceled, Instant now) {
        return submitted(job, now).withResults(results, now).withCanceled(canceled, now);
    }

    /** This state, canceled or not; a change makes a new version. */
    public JobState withCanceled(boolean canceled, Instant now) {
        return new JobState(job, tasks, this.canceled || canceled,
                !this.canceled && canceled ? version + 1 : version, now);
    }

    /** This state, unchanged but for the time of the last news. */
    public JobState touched(Instant now) {
        return new JobState(job, tasks, canceled, version, now);
    }

    /** This state with the stored results applied; tasks without a result keep their live state. */
    public JobState withResults(List<TaskResult> results, Instant now) {
        Map<String, TaskState> next = new LinkedHashMap<>(tasks);
        for (TaskResult r : results) {
            if (next.containsKey(r.taskId())) {
                next.put(r.taskId(), TaskState.of(r));
            }
        }
        return new JobState(job, Map.copyOf(next), canceled, next.equals(tasks) ? version : version + 1, now);
    }

    /**
     * This state with an event applied. Events of unknown tasks, and anything after a task's
     * terminal event (a redelivery), change nothing.
     *
     * @param result the stored result of a terminal event's task, when it could be read
     */
    public JobState apply(JobEvent event, TaskResult result, Instant now) {
        TaskState task = tasks.get(event.taskId());
        if (task == null || task.finished() || event.type() == null) {
            return this;
        }
        TaskState next = switch (event.type()) {
            case TASK_STARTED -> new TaskState(true, task.done(), task.total(), null, null, null, null);
            case TASK_PROGRESS -> new TaskState(true, Math.max(0, event.done()), Math.max(0, event.total()), null,
                    null, null, null);
            case TASK_SUCCEEDED -> new TaskState(true, 1, 1, TaskOutcome.SUCCEEDED, result, null, null);
            case TASK_FAILED -> new TaskState(true, 1, 1, TaskOutcome.FAILED, result, event.errorCode(),
                    event.errorMessage());
            case TASK_CANCELED -> new TaskState(true, 1, 1, TaskOutcome.CANCELED, result, null, null);
        };
        Map<String, TaskState> updated = new LinkedHashMap<>(tasks);
        updated.put(event.taskId(), next);
        return new JobState(job, Map.copyOf(updated), canceled, version + 1, now);
    }

    public String id() {
        return job.id();
    }

    public JobStatus status() {
        int succeeded = count(TaskOutcome.SUCCEEDED);
        int failed = count(TaskOutcome.FAILED);
        int canceledTasks = count(TaskOutcome.CANCELED);
        boolean started = tasks.values().stream().anyMatch(TaskState::started);
        return JobStatus.derive(tasks.size(), succeeded, failed, canceledTasks, started, canceled);
    }

    /** Finished tasks of all tasks. */
    public int finishedTasks() {
        return (int) tasks.values().stream().filter(TaskState::finished).count();
    }

    /** Whole percent done, counting the tiles of running tasks. */
    public int percent() {
        if (tasks.isEmpty()) {
            return 0;
        }
        double sum = tasks.values().stream().mapToDouble(TaskState::fraction).sum();
        return (int) Math.floor(100 * sum / tasks.size());
    }

    /** The task spec of the output with this name. */
    public java.util.Optional<TaskSpec> spec(String outputName) {
        return job.tasks().stream().filter(t -> t.outputName().equals(outputName)).findFirst();
    }

    public TaskState task(String taskId) {
        return tasks.getOrDefault(taskId, TaskState.PENDING);
    }

    /** The first failure of the job, for a failed job's {@code error}. */
    public java.util.Optional<TaskState> firstFailure() {
        return job.tasks().stream().map(t -> task(t.taskId()))
                .filter(t -> t.outcome() == TaskOutcome.FAILED).findFirst();
    }

    private int count(TaskOutcome outcome) {
        return (int) tasks.values().stream().filter(t -> t.outcome() == outcome).count();
    }
}
