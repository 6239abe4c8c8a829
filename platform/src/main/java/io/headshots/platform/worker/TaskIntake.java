package io.headshots.platform.worker;

import org.jboss.logging.Logger;

import io.headshots.contracts.Messages;
import io.headshots.contracts.PoisonMessageException;
import io.headshots.contracts.TaskMessage;
import io.headshots.platform.storage.StorageException;
import io.micrometer.core.instrument.Counter;

/**
 * The one place that decides what becomes of a consumed task message, for every worker: done (ack),
 * dead-lettered (nack, with the reason as a header) or handed back (neither: its offset is never
 * committed, so it is redelivered after the rebalance). Kept free of the messaging API so that the
 * decision is tested on its own; each worker's consumer maps a {@link Disposition} onto its message.
 */
public final class TaskIntake<T extends TaskMessage> {
    private static final Logger LOG = Logger.getLogger(TaskIntake.class);

    /** What the consumer does with the message. */
    public enum Verdict { ACK, DEAD_LETTER, HAND_BACK }

    /** @param reason the dead-letter reason; null unless the verdict is {@link Verdict#DEAD_LETTER} */
    public record Disposition(Verdict verdict, RuntimeException reason) {
        static final Disposition ACK = new Disposition(Verdict.ACK, null);
        static final Disposition HAND_BACK = new Disposition(Verdict.HAND_BACK, null);

        static Disposition deadLetter(RuntimeException reason) {
            return new Disposition(Verdict.DEAD_LETTER, reason);
        }
    }

    private final Class<T> type;
    private final TaskWork<T, ?> work;
    private final Counter deadLetters;

    /** @param deadLetters counts the messages sent to the dead-letter topic (each worker names its own) */
    public TaskIntake(Class<T> type, TaskWork<T, ?> work, Counter deadLetters) {
        this.type = type;
        this.work = work;
        this.deadLetters = deadLetters;
    }

    public Disposition process(byte[] payload) {
        T task;
        try {
            task = Messages.decodeTask(payload, type);
        } catch (PoisonMessageException e) {
            // No job to fail: the message names none we can trust. The partition keeps flowing.
            deadLetters.increment();
            LOG.warnf("poison message sent to the dead-letter topic: %s", e.getMessage());
            return Disposition.deadLetter(e);
        }
        try {
            work.handle(task);
            return Disposition.ACK;
        } catch (RuntimeException e) {
            if (work.stopping() && (e instanceof TaskInterrupted || e instanceof StorageException)) {
                return Disposition.HAND_BACK;
            }
            deadLetters.increment();
            LOG.errorf(e, "task could not be processed; recorded as internal_error and sent to the dead-letter topic");
            recordInternalError(task);
            return Disposition.deadLetter(e);
        }
    }

    private void recordInternalError(T task) {
        try {
            work.recordInternalError(task);
        } catch (RuntimeException e) {
            // Storage refusing even this: the job stays open until the sweep; the dead letter keeps the task.
            LOG.errorf("could not record the internal error of a task: %s", e.getMessage());
        }
    }
}
