package io.headshots.gateway.service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import io.opentelemetry.context.Context;

/**
 * S3 writes of a submission that need not hold the request's thread: the tenant index entry (written
 * while the upload is, since neither depends on the other) and the queued marker (written after the
 * 202: it is best effort anyway). A submission otherwise waits on five round trips in a row; this
 * leaves three (upload with index entry, {@code job.json}, the broker's acknowledgement).
 *
 * <p>A job's marker still in flight is awaited before the job is deleted ({@link #settle}), so a
 * delete right after the 202 leaves no marker behind on this replica. The job id (MDC) and trace
 * context travel with each write, so its log lines and spans stay the job's.
 */
@ApplicationScoped
public class StorageWrites {
    private static final int THREADS = 32;
    private final AtomicInteger threads = new AtomicInteger();
    /** Bounded: a burst of submissions queues its side writes rather than starting a thread each. */
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "storage-writes-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
    {
        pool.allowCoreThreadTimeOut(true);
    }
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** Runs {@code write} beside the caller; join the result to learn its outcome. */
    public CompletableFuture<Void> beside(Runnable write) {
        return CompletableFuture.runAsync(carryContext(write), pool);
    }

    /** Runs {@code write} after the caller returned; {@link #settle} waits for it. */
    public void after(String jobId, Runnable write) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(carryContext(write), pool);
        pending.put(jobId, done);
        done.whenComplete((ok, failure) -> pending.remove(jobId, done));
    }

    /** Waits (briefly) for the job's writes still in flight, whatever their outcome. */
    public void settle(String jobId) {
        CompletableFuture<Void> write = pending.get(jobId);
        if (write != null) {
            try {
                write.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // its own handler logged it; the caller goes on regardless
            }
        }
    }

    /** The outcome of a write run {@link #beside}: its own exception, not a wrapper. */
    public static void join(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Runnable carryContext(Runnable write) {
        Map<String, Object> mdc = MDC.getMap();
        Runnable traced = Context.current().wrap(write);
        return () -> {
            mdc.forEach(MDC::put);
            try {
                traced.run();
            } finally {
                mdc.keySet().forEach(MDC::remove);
            }
        };
    }

    /** Lets the writes in flight finish before the application stops (a marker saves a republish). */
    @PreDestroy
    void drain() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
