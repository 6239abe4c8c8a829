package io.headshots.retention.guard;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.contracts.StorageKeys;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.StorageException;
import io.headshots.retention.config.RetentionConfig;
import io.headshots.retention.metrics.RetentionMetrics;

/**
 * A bucket lifecycle rule that expires everything under {@code jobs/} a day or two after its
 * creation, in case every sweep fails. Stores without lifecycle support (S3Proxy) refuse it: that
 * is logged once and the sweep alone enforces retention. The rule replaces any other lifecycle
 * rule of the bucket, which belongs to this system alone.
 */
@ApplicationScoped
public class LifecycleBackstop {
    private static final Logger LOG = Logger.getLogger(LifecycleBackstop.class);
    static final String RULE_ID = "headshots-retention-backstop";

    public enum State { PENDING, INSTALLED, REFUSED, DISABLED }

    private final ObjectStore objects;
    private final RetentionConfig.Lifecycle config;
    private final RetentionMetrics metrics;
    private volatile State state;
    private boolean unreachableLogged;

    LifecycleBackstop(ObjectStore objects, RetentionConfig config, RetentionMetrics metrics) {
        this.objects = objects;
        this.config = config.lifecycle();
        this.metrics = metrics;
        this.state = this.config.enabled() ? State.PENDING : State.DISABLED;
    }

    public State state() {
        return state;
    }

    /** Tries to install the rule unless the store has already accepted or refused it. */
    public synchronized void installOnce() {
        if (state != State.PENDING) {
            return;
        }
        try {
            objects.expireAfterDays(RULE_ID, StorageKeys.ROOT, config.expiryDays());
            state = State.INSTALLED;
            metrics.lifecycleRuleInstalled(true);
            LOG.infof("bucket lifecycle backstop installed: %s expires after %d days", StorageKeys.ROOT,
                    config.expiryDays());
        } catch (StorageException e) {
            if (e.isTransient()) {
                if (!unreachableLogged) {
                    unreachableLogged = true;
                    LOG.warnf("bucket lifecycle backstop not installed yet, store unreachable: %s", e.getMessage());
                }
                return;
            }
            state = State.REFUSED;
            LOG.warnf("the store refused the bucket lifecycle backstop (%s); retention relies on the sweep alone",
                    e.getMessage());
        }
    }
}
