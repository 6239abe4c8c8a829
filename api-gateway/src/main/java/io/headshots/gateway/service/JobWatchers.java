package io.headshots.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.JobState;

/** Who wants to hear about changes of which job: the SSE streams. Only watched jobs cost anything. */
@ApplicationScoped
public class JobWatchers {
    private final Map<String, List<Watcher>> byJob = new ConcurrentHashMap<>();

    /** A registered listener; {@link #close()} unregisters it. */
    public interface Watcher extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a listener for the job's changes; {@code onGone} runs when the job is deleted.
     */
    public Watcher watch(String jobId, Consumer<JobState> onChange, Runnable onGone) {
        Entry entry = new Entry(jobId, onChange, onGone);
        byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(entry);
        return entry;
    }

    void changed(JobState state) {
        List<Watcher> watchers = byJob.get(state.id());
        if (watchers != null) {
            watchers.forEach(w -> ((Entry) w).onChange.accept(state));
        }
    }

    void gone(String jobId) {
        List<Watcher> watchers = byJob.remove(jobId);
        if (watchers != null) {
            watchers.forEach(w -> ((Entry) w).onGone.run());
        }
    }

    private final class Entry implements Watcher {
        private final String jobId;
        private final Consumer<JobState> onChange;
        private final Runnable onGone;

        Entry(String jobId, Consumer<JobState> onChange, Runnable onGone) {
            this.jobId = jobId;
            this.onChange = onChange;
            this.onGone = onGone;
        }

        @Override
        public void close() {
            byJob.computeIfPresent(jobId, (id, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
        }
    }
}
