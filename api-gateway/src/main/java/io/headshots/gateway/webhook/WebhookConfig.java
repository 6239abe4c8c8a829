package io.headshots.gateway.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Webhook delivery: the retry schedule, the outbound request's limits and the address rules. The
 * defaults are those of production; the local stack ({@code %local}), dev mode and tests allow loopback
 * receivers so that a developer can receive webhooks on their own machine.
 */
@ConfigMapping(prefix = "gateway.webhooks")
public interface WebhookConfig {

    /**
     * Whether a webhook may reach a loopback address (127.0.0.0/8, ::1). Off in production, where a
     * loopback webhook would reach the gateway's own host; every other private or special address is
     * refused whatever this says.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /** Longest accepted webhook URL, in characters. */
    @WithDefault("2048")
    int maxUrlLength();

    /** Attempts per delivery, the first included; after the last failed one the delivery is given up. */
    @WithDefault("8")
    int maxAttempts();

    /**
     * Ceiling of the wait before the second attempt; it doubles for each further attempt up to
     * {@link #maxDelay()}, and the actual wait is drawn uniformly below the ceiling (full jitter).
     * 3 min doubling to 3 h spreads 8 attempts over at most ~6.4 h.
     */
    @WithDefault("PT3M")
    Duration initialDelay();

    /** Largest ceiling of one wait between attempts. */
    @WithDefault("PT3H")
    Duration maxDelay();

    /** Connect timeout of one attempt. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** Time an attempt waits for the receiver's response headers once connected. */
    @WithDefault("PT5S")
    Duration responseTimeout();

    /** Most bytes of a receiver's response body read (and then dropped). */
    @WithDefault("4096")
    int maxResponseBytes();

    /**
     * How often a gateway looks in S3 for deliveries that are due (retries, or deliveries whose gateway
     * stopped) and for finished jobs whose delivery no replica started.
     */
    @WithDefault("PT15S")
    Duration scanInterval();

    /**
     * How long a claimed attempt belongs to the replica that claimed it: far longer than an attempt
     * takes; once past, the replica is deemed gone and another one makes the next attempt.
     */
    @WithDefault("PT1M")
    Duration claimLease();

    /** Threads that run deliveries' S3 work and address checks; the HTTP calls themselves are non-blocking. */
    @WithDefault("4")
    int threads();

    /** After a rotation, how long webhooks are also signed with the previous secret. */
    @WithDefault("PT24H")
    Duration secretGracePeriod();
}
