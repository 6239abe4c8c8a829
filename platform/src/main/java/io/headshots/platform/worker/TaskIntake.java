package io.headshots.platform.worker;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.headshots.contracts.Messages;
import io.headshots.contracts.PoisonMessageException;
import io.headshots.contracts.TaskMessage;
import io.headshots.platform.storage.StorageException;
import io.micrometer.core.instrument.Counter;

/**
 * The one place that decides what becomes of a delivered task, for every worker. Kept free of the
 * Kafka API so that the decision is tested on its own; the queue ({@code TaskQueue}) maps a
 * {@link Disposition} onto the record's acknowledgement:
 * <ul>
 * <li>ACCEPT: the task's result is stored (or it needs none: job gone, already done elsewhere);</li>
 * <li>REJECT: a permanent failure is recorded, or the message is poison; never delivered again;</li>
 * <li>RELEASE: handed back unfinished (the worker is stopping, or storage is still down past the
 * retry bound); delivered again, to any worker.</li>
 * </ul>
 * A task delivered more than {@code maxAttempts} times was never finished by any of the workers that
 * took it (each died or lost its lock): it is not run again but recorded failed {@code worker_crashed},
 * so its job ends and the rest of the queue keeps flowing. Poison messages, unexpected errors and
 * exhausted tasks also leave a copy on the dead-letter topic for an operator.
 *
 * <p>Every line logged while a task is decided and done carries the task's {@value #JOB_ID} and
 * {@value #TASK_ID} as MDC fields (fields of JSON logs), and each task has a start line and an end line
 * (what it does, its delivery, then its outcome and duration). Job and task ids are random UUIDs that
 * identify no person; keys, file names and image data are never logged (docs/privacy.md).
 */
public final class TaskIntake<T extends TaskMessage> {
    private static final Logger LOG = Logger.getLogger(TaskIntake.class);

    /** The failure code of a task that no worker finished within the delivery limit. */
    public static final String WORKER_CRASHED = "worker_crashed";
    /** The failure code of a task whose handling threw something unexpected. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** MDC field: the job a log line is about. */
    public static final String JOB_ID = "jobId";
    /** MDC field: the task a log line is about. */
    public static final String TASK_ID = "taskId";

    /** How the record is acknowledged. */
    public enum Verdict { ACCEPT, REJECT, RELEASE }

    /** @param deadLetterReason why a copy goes to the dead-letter topic; null for none */
    public record Disposition(Verdict verdict, String deadLetterReason) {
        static final Disposition ACCEPT = new Disposition(Verdict.ACCEPT, null);
        static final Disposition REJECT = new Disposition(Verdict.REJECT, null);
        static final Disposition RELEASE = new Disposition(Verdict.RELEASE, null);

        static Disposition deadLetter(String reason) {
            return new Disposition(Verdict.REJECT, reason);
        }
    }

    private final Class<T> type;
    private final TaskWork<T, ?> work;
    private final int maxAttempts;
    private final Counter deadLetters;
    private final Counter exhausted;

    /**
     * @param maxAttempts deliveries a task may have; the next one records it failed {@value #WORKER_CRASHED}
     * @param deadLetters counts the messages copied to the dead-letter topic (each worker names its own)
     * @param exhausted   counts the tasks failed {@value #WORKER_CRASHED}
     */
    public TaskIntake(Class<T> type, TaskWork<T, ?> work, int maxAttempts, Counter deadLetters, Counter exhausted) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.type = type;
        this.work = work;
        this.maxAttempts = maxAttempts;
        this.deadLetters = deadLetters;
        this.exhausted = exhausted;
    }

    /** True once the worker is shutting down: the queue then takes no more tasks. */
    public boolean stopping() {
        return work.stopping();
    }

    /** @param deliveryCount which delivery of the record this is, from 1 */
    public Disposition process(byte[] payload, int deliveryCount) {
        T task;
        try {
            task = Messages.decodeTask(payload, type);
        } catch (PoisonMessageException e) {
            // No job to fail: the message names none we can trust. The queue keeps flowing.
            deadLetters.increment();
            LOG.warnf("poison message sent to the dead-letter topic: %s", e.getMessage());
            return Disposition.deadLetter(e.getMessage());
        }
        MDC.put(JOB_ID, task.jobId());
        MDC.put(TASK_ID, task.taskId());
        try {
            return processLogged(task, deliveryCount);
        } finally {
            MDC.remove(JOB_ID);
            MDC.remove(TASK_ID);
        }
    }

    /** The task between its start line and its end line. */
    private Disposition processLogged(T task, int deliveryCount) {
        long started = System.nanoTime();
        String what = work.describe(task);
        LOG.infof("task started: %s%sdelivery %d", what, what.isEmpty() ? "" : ", ", deliveryCount);
        String outcome = "internal_error";
        try {
            if (deliveryCount > maxAttempts) {
                outcome = WORKER_CRASHED;
                return giveUp(task, deliveryCount);
            }
            Done done;
            try {
                done = handle(work, task);
                outcome = done.outcome();
            } catch (RuntimeException e) {
                if (work.stopping() || e instanceof TaskInterrupted) {
                    // Whatever a stop raises (an interrupted task, storage calls cut short, an inference
                    // session torn down under a run) is not the task's fault: hand it back, never fail
                    // it. So is an outcome stored but not announced (TaskInterrupted): the next delivery
                    // announces it.
                    LOG.infof("task handed back: %s",
                            e instanceof TaskInterrupted ? e.getMessage() : e.getClass().getSimpleName());
                    outcome = "handed_back";
                    return Disposition.RELEASE;
                }
                if (e instanceof StorageException storage && storage.isTransient()) {
                    // Storage still down after the retry bound (StorageRetry): hand the task back rather
                    // than fail good work; it comes back after the outage, to any worker.
                    LOG.warnf("storage unavailable past the retry bound; task handed back: %s", e.getMessage());
                    outcome = "handed_back";
                    return Disposition.RELEASE;
                }
                deadLetters.increment();
                LOG.errorf(e, "task could not be processed; recorded as %s and sent to the dead-letter topic",
                        INTERNAL_ERROR);
                recordFailure(task, INTERNAL_ERROR, "the task could not be processed");
                return Disposition.deadLetter(INTERNAL_ERROR + ": " + e.getClass().getSimpleName());
            }
            return done.failure() ? Disposition.REJECT : Disposition.ACCEPT;
        } finally {
            LOG.infof("task ended: %s, %s, %d ms", what.isEmpty() ? "-" : what, outcome,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** What {@link TaskWork#handle} made of a task: its outcome's name, and whether it is a recorded failure. */
    private record Done(String outcome, boolean failure) {
    }

    private static <T extends TaskMessage, R> Done handle(TaskWork<T, R> work, T task) {
        R outcome = work.handle(task);
        return new Done(String.valueOf(outcome).toLowerCase(Locale.ROOT), work.isFailure(outcome));
    }

    private Disposition giveUp(T task, int deliveryCount) {
        int attempts = deliveryCount - 1;
        LOG.warnf("task delivered %d times without a result: recorded as %s and sent to the dead-letter topic",
                attempts, WORKER_CRASHED);
        exhausted.increment();
        deadLetters.increment();
        recordFailure(task, WORKER_CRASHED,
                "no worker finished the task in " + attempts + " attempts (each worker died or lost the task)");
        return Disposition.deadLetter(WORKER_CRASHED + ": delivered " + attempts + " times without a result");
    }

    private void recordFailure(T task, String code, String message) {
        try {
            work.recordFailure(task, code, message);
        } catch (RuntimeException e) {
            // Storage refusing even this: the job stays open until the sweep; the dead letter keeps the task.
            LOG.errorf("could not record the failure of a task: %s", e.getMessage());
        }
    }
}
