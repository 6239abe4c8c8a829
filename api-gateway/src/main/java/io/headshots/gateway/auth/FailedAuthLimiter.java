package io.headshots.gateway.auth;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.config.GatewayConfig;

/**
 * Bounds how fast one client address may guess keys: every refused key takes a token from the
 * address's bucket ({@code gateway.auth.failures-per-minute}, refilled evenly over the minute). An
 * address whose bucket is empty gets 429 {@code too_many_failed_authentications} with
 * {@code Retry-After} before its key is even looked at, so a good key does not help it either until
 * the bucket refills. Buckets live in this replica's memory, at most {@value #MAX_ADDRESSES} of them
 * (the least recently seen go first). Behind a load balancer the address is the one Quarkus resolves
 * ({@code quarkus.http.proxy.*} decides whether forwarded headers are trusted).
 */
@ApplicationScoped
public class FailedAuthLimiter {
    static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Map<String, Bucket> buckets = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > MAX_ADDRESSES;
                }
            });

    public FailedAuthLimiter(GatewayConfig config) {
        this.perMinute = config.auth().failuresPerMinute();
    }

    /** Refuses the request with 429 while the address has used up its refused keys. */
    public void checkAllowed(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (!probe.canBeConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiProblem(429, "too_many_failed_authentications", "Too many failed authentications",
                    "more than " + perMinute + " refused API keys a minute from this address; try again later",
                    (int) seconds);
        }
    }

    /** Counts one refused key against the address. */
    public void failed(String address) {
        buckets.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build()).tryConsume(1);
    }
}
