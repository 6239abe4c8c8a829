package io.headshots.gateway.quota;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
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

    /** Of a minute's rate, what one replica may take before it asks the cluster (1%). */
    static final int UNSYNCED_SHARE = 100;
    private static final Duration MAX_UNSYNCED_TIME = Duration.ofMillis(500);

    private final ProxyManager<String> buckets;
    private final Map<String, Bucket> proxies = new ConcurrentHashMap<>();
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
            probe = proxies.computeIfAbsent(tenant.id(), id -> proxy(tenant)).tryConsumeAndReturnRemaining(1);
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

    /**
     * The tenant's bucket as this replica sees it. A tenant with a high rate (at least 100 a minute) is
     * served from a local share of its bucket, synchronised with the cluster after 1% of the rate or
     * half a second, whichever comes first: across N replicas the limit holds to within N% and a
     * request costs no cluster call most of the time. A low rate asks the cluster every time, so that
     * a limit of a few a minute is exact.
     */
    private Bucket proxy(Tenant tenant) {
        long unsynced = tenant.ratePerMinute() / UNSYNCED_SHARE;
        var builder = buckets.builder();
        if (unsynced >= 1) {
            builder = builder.withOptimization(
                    Optimizations.delaying(new DelayParameters(unsynced, MAX_UNSYNCED_TIME)));
        }
        return builder.build(tenant.id(), () -> configuration(tenant));
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
