package io.headshots.gateway.quota;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.cluster.ClusterMember;

/**
 * A token bucket per tenant: {@code rate-per-minute} tokens, refilled evenly over the minute, one
 * per request. The buckets live in the gateway cluster ({@link ClusterMember}), changed in place by
 * an entry processor on the member that owns the tenant's partition, so the rate holds across all
 * replicas together. A bucket that is full again is dropped from the cluster (it would start full
 * anyway).
 */
@ApplicationScoped
public class RequestRateLimiter {
    private static final Logger LOG = Logger.getLogger(RequestRateLimiter.class);
    private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final ProxyManager<String> buckets;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS - 1);

    public RequestRateLimiter(HazelcastInstance cluster) {
        IMap<String, byte[]> map = cluster.getMap(ClusterMember.RATE_BUCKETS);
        this.buckets = Bucket4jHazelcast.entryProcessorBasedBuilder(map)
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /**
     * Takes one token of the tenant's bucket, or refuses with 429 and the seconds until the next. When
     * the cluster cannot answer (no owner for the tenant's partition within the call timeout) the
     * request is let through: a limiter outage must not become an API outage.
     */
    public void acquire(Tenant tenant) {
        ConsumptionProbe probe;
        try {
            probe = buckets.getProxy(tenant.id(), () -> configuration(tenant)).tryConsumeAndReturnRemaining(1);
        } catch (HazelcastException | HazelcastInstanceNotActiveException e) {
            warnAtMostOnceAMinute(e);
            return;
        }
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiProblem(429, "rate_limited", "Too many requests",
                    "at most " + tenant.ratePerMinute() + " requests a minute", (int) seconds);
        }
    }

    private void warnAtMostOnceAMinute(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last > WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("rate limits not applied, the gateway cluster did not answer: %s", e.toString());
        }
    }

    private static BucketConfiguration configuration(Tenant tenant) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(tenant.ratePerMinute())
                        .refillGreedy(tenant.ratePerMinute(), Duration.ofMinutes(1)))
                .build();
    }
}
