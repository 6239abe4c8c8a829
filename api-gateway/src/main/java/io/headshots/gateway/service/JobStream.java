package io.headshots.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.JobState;
import io.smallrye.mutiny.Multi;

/**
 * The changes of one job as a stream: its current state first, then every newer state as events
 * arrive, completing after a terminal state or when the job is deleted (then with an empty item).
 */
@ApplicationScoped
public class JobStream {
    private final JobWatchers watchers;
    private final JobViews views;

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
            emitter.onTermination(watcher::close);
            push.accept(views.find(current.id()).orElse(current));
        });
    }

    /** A new state of the job, or its deletion ({@code state == null}). */
    public record Change(JobState state) {
        static Change of(JobState state) {
            return new Change(state);
        }

        static Change deleted() {
            return new Change(null);
        }

        public boolean gone() {
            return state == null;
        }
    }
}
