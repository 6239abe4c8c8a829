package io.headshots.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobRecord;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.platform.storage.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the tasks of jobs whose gateway stopped between storing {@code job.json} and publishing
 * them (a crash, a kill, a lost node): without this such a job would sit {@code queued} until
 * retention deleted it, counting against its tenant's quota. A job is stranded when it has a record,
 * no queued marker, no task outcome and no cancel marker {@code gateway.jobs.stranded-after} after
 * its creation ({@link JobStore#strandedJobs}).
 *
 * <p>Every {@code stranded-check-interval} a gateway looks at the jobs that came of age since its
 * last look (the first look reaches back {@code stranded-lookback}), so each job is examined about
 * once per replica and a look costs a ranged listing of the new jobs only. Several replicas may
 * publish the same stranded job; a duplicate task is harmless (the workers keep results
 * effectively-once: the second copy finds the first one's result), and the marker stops the next look.
 */
@ApplicationScoped
public class StrandedJobs {
    private static final Logger LOG = Logger.getLogger(StrandedJobs.class);

    private final JobStore store;
    private final TaskPublisher publisher;
    private final Clock clock;
    private final Duration after;
    private final Duration interval;
    private final Duration lookback;
    private final Counter requeued;
    private Instant lookedUpTo;
    private ScheduledExecutorService timer;

    public StrandedJobs(JobStore store, TaskPublisher publisher, Clock clock, GatewayConfig config,
            MeterRegistry registry) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.after = config.jobs().strandedAfter();
        this.interval = config.jobs().strandedCheckInterval();
        this.lookback = config.jobs().strandedLookback();
        this.requeued = Counter.builder("gateway.jobs.requeued")
                .description("Stranded jobs (stored, tasks never published) whose tasks the gateway published")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stranded-jobs");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::lookSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            // S3 or the broker away: the window is kept, the next look covers it.
            LOG.warnf("looking for stranded jobs failed, retried at the next look: %s", e.getMessage());
        }
    }

    /**
     * One look: the jobs created between the end of the last look and {@code now - stranded-after}.
     *
     * @return how many stranded jobs had their tasks published
     */
    public synchronized int look() {
        Instant to = clock.instant().minus(after);
        Instant from = lookedUpTo != null ? lookedUpTo : to.minus(lookback);
        if (!from.isBefore(to)) {
            return 0;
        }
        int published = lookBetween(from, to);
        lookedUpTo = to;
        return published;
    }

    /** Publishes the tasks of the jobs created in {@code [from, to)} that are stranded; returns how many. */
    public int lookBetween(Instant from, Instant to) {
        int published = 0;
        for (String jobId : store.strandedJobs(from, to)) {
            try (var about = JobLogContext.about(jobId)) {
                if (requeue(jobId)) {
                    published++;
                }
            }
        }
        return published;
    }

    private boolean requeue(String jobId) {
        JobRecord job = store.job(jobId).orElse(null);
        if (job == null) {
            return false; // deleted meanwhile
        }
        JobTasks.publish(publisher, job); // throws while the broker is away: the next look tries again
        store.markQueued(jobId, clock.instant());
        requeued.increment();
        LOG.infof("published the %d task(s) of a %s job stranded before its tasks were queued", job.tasks().size(),
                job.kind().name().toLowerCase());
        return true;
    }
}
