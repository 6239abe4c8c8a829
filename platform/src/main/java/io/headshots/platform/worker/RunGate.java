package io.headshots.platform.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets an engine close its native sessions only when no run is in flight: closing an ONNX Runtime
 * session under a running {@code OrtSession.run} crashes the JVM. Runs enter and leave (shared); the
 * close waits for them to leave (exclusive), up to a bound; after the close no run enters again.
 */
public final class RunGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * Enters a run; pair with {@link #leave()} in a finally block.
     *
     * @throws TaskInterrupted when the engine is closing or closed: the task goes back to the queue
     */
    public void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new TaskInterrupted("the engine is closed (the worker is stopping)");
        }
    }

    public void leave() {
        lock.readLock().unlock();
    }

    /**
     * Waits up to {@code wait} for the runs in flight to leave, then runs {@code close} with none in
     * flight and lets no run enter after it.
     *
     * @return false when runs were still in flight after {@code wait}: {@code close} did not run (the
     *         sessions are left to the process's exit rather than freed under a running call)
     */
    public boolean closeWhenIdle(Duration wait, Runnable close) {
        boolean idle;
        try {
            idle = lock.writeLock().tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            closed = true;
            return false;
        }
        try {
            closed = true;
            close.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
