package io.headshots.gateway.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.headshots.gateway.JobState;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;

/**
 * The changes of one job as a stream: its current state first, then every newer state as events
 * arrive, completing after a terminal state or when the job is deleted (then with an empty item).
 *
 * <p>When the gateway starts shutting down, every open stream ends at once with a
 * {@link Change#restarting()} item (the client reconnects, to another replica, and gets the full
 * state first), instead of being cut when the shutdown timeout runs out; a stream asked for after
 * that ends the same way.
 */
@ApplicationScoped
public class JobStream {
    private final JobWatchers watchers;
    private final JobViews views;
    /** How each open stream ends for a shutdown. */
    private final Set<Runnable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public JobStream(JobWatchers watchers, JobViews views) {
        this.watchers = watchers;
        this.views = views;
    }

    /** Items are states in increasing version order; {@code null}-free: deletion ends with {@link Change#gone()}. */
    public Multi<Change> changes(JobState current) {
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            long[] lastVersion = {-1};
            boolean[] done = {false};
            java.util.function.Consumer<JobState> push = state -> {
                synchronized (lock) {
                    if (done[0] || state.version() <= lastVersion[0]) {
                        return;
                    }
                    lastVersion[0] = state.version();
                    emitter.emit(Change.of(state));
                    if (state.status().terminal()) {
                        done[0] = true;
                        emitter.complete();
                    }
                }
            };
            // Register before reading the state, so that no change falls between the two.
            JobWatchers.Watcher watcher = watchers.watch(current.id(), push, () -> {
                synchronized (lock) {
                    if (!done[0]) {
                        done[0] = true;
                        emitter.emit(Change.deleted());
                        emitter.complete();
                    }
                }
            });
            Runnable endForShutdown = () -> {
                synchronized (lock) {
                    if (!done[0]) {
                        done[0] = true;
                        emitter.emit(Change.restart());
                        emitter.complete();
                    }
                }
            };
            open.add(endForShutdown);
            emitter.onTermination(() -> {
                open.remove(endForShutdown);
                watcher.close();
            });
            push.accept(views.find(current.id()).orElse(current));
            if (shuttingDown) {
                endForShutdown.run();
            }
        });
    }

    /**
     * The start of the shutdown ({@code quarkus.shutdown.delay-enabled}): before the HTTP server
     * drains, so that no stream holds the shutdown until it is cut without a word.
     */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        shuttingDown = true;
        open.forEach(Runnable::run);
    }

    /** A new state of the job, its deletion ({@code state == null}), or the end of this replica's stream. */
    public record Change(JobState state, boolean restarting) {
        static Change of(JobState state) {
            return new Change(state, false);
        }

        static Change deleted() {
            return new Change(null, false);
        }

        static Change restart() {
            return new Change(null, true);
        }

        public boolean gone() {
            return state == null && !restarting;
        }
    }
}
