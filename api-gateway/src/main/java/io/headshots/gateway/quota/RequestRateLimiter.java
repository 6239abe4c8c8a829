package io.headshots.gateway.quota;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
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
    private final ProxyManager<String> buckets;

    public RequestRateLimiter(HazelcastInstance cluster) {
        IMap<String, byte[]> map = cluster.getMap(ClusterMember.RATE_BUCKETS);
        this.buckets = Bucket4jHazelcast.entryProcessorBasedBuilder(map)
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /** Takes one token of the tenant's bucket, or refuses with 429 and the seconds until the next. */
    public void acquire(Tenant tenant) {
        ConsumptionProbe probe = buckets.getProxy(tenant.id(), () -> configuration(tenant))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiProblem(429, "rate_limited", "Too many requests",
                    "at most " + tenant.ratePerMinute() + " requests a minute", (int) seconds);
        }
    }

    private static BucketConfiguration configuration(Tenant tenant) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(tenant.ratePerMinute())
                        .refillGreedy(tenant.ratePerMinute(), Duration.ofMinutes(1)))
                .build();
    }
}
