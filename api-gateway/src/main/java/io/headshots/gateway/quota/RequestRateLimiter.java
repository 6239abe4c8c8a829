package io.headshots.gateway.quota;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.auth.Tenant;

/**
 * A token bucket per tenant: {@code rate-per-minute} tokens, refilled evenly over the minute, one
 * per request. Buckets live in this replica's memory, so with N replicas a tenant gets up to N times
 * its rate; a shared store would be needed to make the limit global.
 */
@ApplicationScoped
public class RequestRateLimiter {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one token of the tenant's bucket, or refuses with 429 and the seconds until the next. */
    public void acquire(Tenant tenant) {
        Bucket bucket = buckets.computeIfAbsent(tenant.id(), id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(tenant.ratePerMinute())
                        .refillGreedy(tenant.ratePerMinute(), Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiProblem(429, "rate_limited", "Too many requests",
                    "at most " + tenant.ratePerMinute() + " requests a minute", (int) seconds);
        }
    }
}
