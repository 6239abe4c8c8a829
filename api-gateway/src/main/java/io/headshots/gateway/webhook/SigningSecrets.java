package io.headshots.gateway.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.platform.storage.JobStore;

/**
 * Each tenant's webhook signing secret ({@code whsec_} + base64 of 32 random bytes), kept in S3 at
 * {@code webhook-secrets/{tenantKey}.json} and read from there at every use, so every gateway replica
 * signs with the same secret and a rotation on one replica holds on all at once. Created on first use
 * with a conditional write: of two replicas racing, one secret wins and both use it. After a rotation
 * the previous secret also signs for {@code gateway.webhooks.secret-grace-period}, so a receiver that
 * still verifies with the old secret keeps working while it switches. Secrets are never logged.
 */
@ApplicationScoped
public class SigningSecrets {
    /** Outside {@code jobs/}: a secret outlives every job; retention leaves it alone. */
    public static final String ROOT = "webhook-secrets/";
    private static final String JSON = "application/json";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobStore store;
    private final Clock clock;
    private final Duration grace;

    public SigningSecrets(JobStore store, Clock clock, WebhookConfig config) {
        this.store = store;
        this.clock = clock;
        this.grace = config.secretGracePeriod();
    }

    /** The tenant's current secret, created now if it has none. */
    public Secrets of(String tenant) {
        String key = key(tenant);
        for (int i = 0; i < 3; i++) {
            Optional<Secrets> known = read(key);
            if (known.isPresent()) {
                return known.get();
            }
            Secrets fresh = new Secrets(generate(), null, null, clock.instant());
            if (store.objects().putIfAbsent(key, Messages.toJson(fresh), JSON)) {
                return fresh;
            }
        }
        return read(key).orElseThrow(() -> new IllegalStateException("no webhook secret could be stored"));
    }

    /** Replaces the tenant's secret with a new one; the old one keeps signing for the grace period. */
    public Secrets rotate(String tenant) {
        Secrets old = of(tenant);
        Instant now = clock.instant();
        Secrets next = new Secrets(generate(), old.current(), now.plus(grace), now);
        store.objects().put(key(tenant), Messages.toJson(next), JSON);
        return next;
    }

    /** The secrets a webhook of the tenant is signed with now: the current one, then the previous within its grace. */
    public List<String> signing(String tenant) {
        Secrets secrets = of(tenant);
        List<String> all = new ArrayList<>(List.of(secrets.current()));
        if (secrets.previous() != null && secrets.previousUntil() != null
                && secrets.previousUntil().isAfter(clock.instant())) {
            all.add(secrets.previous());
        }
        return all;
    }

    private Optional<Secrets> read(String key) {
        return store.objects().get(key).map(b -> Messages.fromJson(b, Secrets.class));
    }

    static String key(String tenant) {
        return ROOT + StorageKeys.tenantKey(tenant) + ".json";
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * A tenant's secrets as stored.
     *
     * @param previousUntil until when {@code previous} still signs; null when there was no rotation
     */
    public record Secrets(String current, String previous, Instant previousUntil, Instant createdAt) {
        @Override
        public String toString() {
            return "Secrets[redacted]";
        }
    }
}
