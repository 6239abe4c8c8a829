package io.headshots.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.TaskResult;
import io.headshots.gateway.JobState;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.quota.JobSlots;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;

/**
 * The gateway's memory of jobs: a bounded, least-recently-used map of {@link JobState}, kept current
 * by {@code jobs.events} and filled from S3 (the source of truth) when a job it does not know is
 * asked for. A read of a known job touches S3 only when the view has heard nothing for
 * {@code gateway.jobs.stale-after}: then it is revalidated once, so a missed event or a deletion by
 * another replica cannot leave a view wrong for long. A view that ends, or is forgotten, gives its job's
 * quota slot back ({@link JobSlots}).
 */
@ApplicationScoped
public class JobViews {
    private static final Logger LOG = Logger.getLogger(JobViews.class);

    private final JobStore store;
    private final JobWatchers watchers;
    private final JobSlots slots;
    private final Clock clock;
    private final Duration staleAfter;
    private final Map<String, JobState> cache;
    private final Event<JobFinished> finished;

    public JobViews(JobStore store, JobWatchers watchers, JobSlots slots, Clock clock, GatewayConfig config,
            Event<JobFinished> finished) {
        this.store = store;
        this.watchers = watchers;
        this.slots = slots;
        this.finished = finished;
        this.clock = clock;
        this.staleAfter = config.jobs().staleAfter();
        int capacity = config.jobs().cacheSize();
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobState> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers a job this replica just created. */
    public void remember(JobState state) {
        synchronized (cache) {
            cache.put(state.id(), state);
        }
    }

    /** The job's state: from memory when known and fresh, else from S3. Empty when it does not exist. */
    public Optional<JobState> find(String jobId) {
        if (!JobIds.isValid(jobId)) {
            return Optional.empty();
        }
        JobState known;
        synchronized (cache) {
            known = cache.get(jobId);
        }
        Instant now = clock.instant();
        if (known == null) {
            return load(jobId, now);
        }
        if (Duration.between(known.lastNews(), now).compareTo(staleAfter) > 0) {
            return revalidate(known, now);
        }
        return Optional.of(known);
    }

    /**
     * The job as S3 has it now (record, results, cancel marker), merged into memory; for decisions
     * that must not rest on a view that may have missed an event. Empty when the job does not exist.
     */
    public Optional<JobState> reload(String jobId) {
        Instant now = clock.instant();
        Optional<JobState> known = cached(jobId);
        if (known.isEmpty()) {
            return load(jobId, now);
        }
        if (!store.jobExists(jobId)) {
            forget(jobId);
            return Optional.empty();
        }
        merge(known.get().withResults(store.results(jobId), now).withCanceled(store.isCanceled(jobId), now));
        return cached(jobId);
    }

    /** Records in memory that the job was canceled; its watchers hear of it. */
    public void markCanceled(JobState state) {
        JobState next;
        synchronized (cache) {
            JobState current = cache.getOrDefault(state.id(), state);
            next = current.withCanceled(true, clock.instant());
            if (next == current || next.version() == current.version()) {
                return;
            }
            cache.put(next.id(), next);
        }
        releaseIfEnded(next);
        changed(next);
    }

    /** Folds an event into the job's view, when this replica knows the job; notifies its watchers. */
    public void apply(JobEvent event) {
        Optional<JobState> known = cached(event.jobId());
        if (known.isEmpty()) {
            return; // read from S3, with this outcome included, when someone asks
        }
        if (known.get().task(event.taskId()).finished()) {
            return; // a repeated announcement of a result we have (a redelivered task): no S3 read, no news
        }
        TaskResult result = terminal(event) ? readResult(event) : null;
        JobState next;
        synchronized (cache) {
            JobState current = cache.get(event.jobId());
            if (current == null) {
                return;
            }
            next = current.apply(event, result, clock.instant());
            if (next == current) {
                return;
            }
            cache.put(next.id(), next);
        }
        releaseIfEnded(next);
        changed(next);
    }

    /** Drops the job from memory and ends its watchers' streams; its quota slot is given back if it was known. */
    public void forget(String jobId) {
        JobState gone;
        synchronized (cache) {
            gone = cache.remove(jobId);
        }
        if (gone != null) {
            release(gone.job().tenant(), jobId);
        }
        watchers.gone(jobId);
    }

    /** Forgets a deleted job of the tenant, and gives its quota slot back whether or not this replica knew it. */
    public void forget(String tenant, String jobId) {
        synchronized (cache) {
            cache.remove(jobId);
        }
        release(tenant, jobId);
        watchers.gone(jobId);
    }

    private Optional<JobState> load(String jobId, Instant now) {
        Optional<JobState> loaded = store.job(jobId)
                .map(job -> JobState.stored(job, store.results(jobId), store.isCanceled(jobId), now));
        loaded.ifPresent(this::merge);
        return loaded.map(s -> cached(jobId).orElse(s));
    }

    private Optional<JobState> revalidate(JobState known, Instant now) {
        try {
            if (known.status().terminal()) {
                if (!store.jobExists(known.id())) {
                    forget(known.id());
                    return Optional.empty();
                }
                merge(known.touched(now));
                return cached(known.id());
            }
            if (store.job(known.id()).isEmpty()) {
                forget(known.id());
                return Optional.empty();
            }
            merge(known.withResults(store.results(known.id()), now)
                    .withCanceled(store.isCanceled(known.id()), now));
            return cached(known.id());
        } catch (StorageException e) {
            LOG.debugf("revalidation of a job view failed, serving the cached view: %s", e.getMessage());
            return Optional.of(known);
        }
    }

    /** Stores a state read from S3 unless a newer one arrived meanwhile; notifies on change. */
    private void merge(JobState fresh) {
        boolean changed;
        boolean ended;
        synchronized (cache) {
            JobState current = cache.get(fresh.id());
            if (current != null && current.version() > fresh.version()) {
                return;
            }
            cache.put(fresh.id(), fresh);
            changed = current != null && current.version() != fresh.version();
            ended = fresh.status().terminal() && (current == null || !current.status().terminal());
        }
        if (ended) {
            releaseIfEnded(fresh);
        }
        if (changed) {
            changed(fresh);
        }
    }

    /** Tells the job's watchers, and the webhooks when the job is now terminal. */
    private void changed(JobState state) {
        watchers.changed(state);
        if (state.status().terminal()) {
            finished.fire(new JobFinished(state));
        }
    }

    /**
     * A job that ended (or was canceled) no longer counts against its tenant's quota. Every replica that
     * holds a view may call this for the same job; giving a slot back twice is harmless.
     */
    private void releaseIfEnded(JobState state) {
        if (state.status().terminal()) {
            release(state.job().tenant(), state.id());
        }
    }

    /** Best effort: a slot left behind is given back at the tenant's next refused submission (ActiveJobQuota). */
    private void release(String tenant, String jobId) {
        try {
            slots.release(tenant, jobId);
        } catch (RuntimeException e) {
            LOG.warnf("could not give back a job's quota slot; the next refused submission will: %s", e.toString());
        }
    }

    private Optional<JobState> cached(String jobId) {
        synchronized (cache) {
            return Optional.ofNullable(cache.get(jobId));
        }
    }

    private static boolean terminal(JobEvent event) {
        return event.type() == JobEvent.Type.TASK_SUCCEEDED || event.type() == JobEvent.Type.TASK_FAILED
                || event.type() == JobEvent.Type.TASK_CANCELED;
    }

    private TaskResult readResult(JobEvent event) {
        try {
            return store.result(event.jobId(), event.taskId()).orElse(null);
        } catch (StorageException | java.io.UncheckedIOException e) {
            LOG.warnf("could not read the result of a finished task: %s", e.getMessage());
            return null;
        }
    }
}
