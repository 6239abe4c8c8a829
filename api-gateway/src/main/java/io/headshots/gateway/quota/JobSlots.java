package io.headshots.gateway.quota;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;

import io.headshots.gateway.cluster.ClusterMember;

/**
 * Each tenant's unfinished jobs, shared by every gateway replica: one cluster map entry per tenant,
 * job id to the job's expiry. A slot is taken and given back by entry processors that run on the
 * member owning the tenant's entry, one at a time per entry, so two replicas admitting the tenant's
 * last free slot at once cannot both succeed (no read-then-write). A slot past its job's expiry no
 * longer counts: an event that never arrived holds a slot at most as long as the job lives.
 */
@ApplicationScoped
public class JobSlots {
    private final IMap<String, HashMap<String, Long>> slots;

    public JobSlots(HazelcastInstance cluster) {
        this.slots = cluster.getMap(ClusterMember.JOB_SLOTS);
    }

    /** Takes a slot for the job unless the tenant holds {@code max} already; true when it holds one now. */
    public boolean take(String tenant, String jobId, int max, Instant expiresAt, Instant now) {
        return slots.executeOnKey(tenant, new Take(jobId, max, expiresAt.toEpochMilli(), now.toEpochMilli()));
    }

    /** Gives the job's slot back; harmless when it holds none (every replica may report the same end). */
    public void release(String tenant, String jobId) {
        slots.executeOnKey(tenant, new Release(jobId));
    }

    /** The jobs holding the tenant's slots now (expired ones included until a take finds the tenant full). */
    public Set<String> held(String tenant) {
        HashMap<String, Long> held = slots.get(tenant);
        return held == null ? Set.of() : Set.copyOf(held.keySet());
    }

    /**
     * Runs on the entry's owner (and again on its backup): admits if there is room, pruning expired
     * slots only when the tenant seems full. Below the limit an expired slot changes nothing, and a
     * prune on every take walked the tenant's whole map (with a lifted quota, thousands of entries: a
     * twentieth of a gateway's CPU under bench/submission-bench.sh); the map never grows past the limit.
     */
    static final class Take implements EntryProcessor<String, HashMap<String, Long>, Boolean> {
        private static final long serialVersionUID = 1L;
        private final String jobId;
        private final int max;
        private final long expiresAt;
        private final long now;

        Take(String jobId, int max, long expiresAt, long now) {
            this.jobId = jobId;
            this.max = max;
            this.expiresAt = expiresAt;
            this.now = now;
        }

        @Override
        public Boolean process(Map.Entry<String, HashMap<String, Long>> entry) {
            HashMap<String, Long> held = entry.getValue() == null ? new HashMap<>() : entry.getValue();
            if (held.containsKey(jobId)) {
                return true;
            }
            boolean pruned = held.size() >= max && held.values().removeIf(expiry -> expiry <= now);
            if (held.size() >= max) {
                if (pruned) {
                    entry.setValue(held);
                }
                return false;
            }
            held.put(jobId, expiresAt);
            entry.setValue(held);
            return true;
        }
    }

    /** Runs on the entry's owner (and again on its backup): drops the job, and the entry when empty. */
    static final class Release implements EntryProcessor<String, HashMap<String, Long>, Boolean> {
        private static final long serialVersionUID = 1L;
        private final String jobId;

        Release(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public Boolean process(Map.Entry<String, HashMap<String, Long>> entry) {
            HashMap<String, Long> held = entry.getValue();
            if (held == null || held.remove(jobId) == null) {
                return false;
            }
            entry.setValue(held.isEmpty() ? null : held);
            return true;
        }
    }
}
