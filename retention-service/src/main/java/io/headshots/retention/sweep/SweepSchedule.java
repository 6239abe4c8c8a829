package io.headshots.retention.sweep;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.retention.guard.LifecycleBackstop;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the sweep every {@code retention.sweep-interval}, the first time at start-up, which is also
 * the catch-up after downtime: everything overdue goes in that sweep. A sweep never overlaps
 * itself in one replica; replicas may overlap each other, which the sweep tolerates.
 */
@ApplicationScoped
public class SweepSchedule {
    private static final Logger LOG = Logger.getLogger(SweepSchedule.class);

    private final RetentionSweep sweep;
    private final LifecycleBackstop backstop;

    SweepSchedule(RetentionSweep sweep, LifecycleBackstop backstop) {
        this.sweep = sweep;
        this.backstop = backstop;
    }

    @Scheduled(identity = "retention-sweep", every = "${retention.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        // Until the store has answered once (installed or refused), each run tries again.
        backstop.installOnce();
        try {
            SweepReport report = sweep.sweep();
            if (report.jobsDeleted() > 0 || report.objectsDeleted() > 0) {
                LOG.infof("retention sweep deleted %d jobs, %d objects, %d bytes", report.jobsDeleted(),
                        report.objectsDeleted(), report.bytesDeleted());
            }
            if (!report.complete()) {
                LOG.warnf("retention sweep left %d hours or jobs the store refused to delete; next sweep retries",
                        report.failedUnits());
            }
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep gave up, the next sweep continues: %s", e.getMessage());
        }
    }
}
