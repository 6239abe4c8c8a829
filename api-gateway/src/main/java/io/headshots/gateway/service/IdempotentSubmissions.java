package io.headshots.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;

/**
 * {@code Idempotency-Key}: a retried submission with the same key and the same request (upload
 * bytes and parameters) gets the job the first one created, not a second job; the same key with a
 * different request is a 409. Keys are remembered per tenant for the job lifetime, in this replica's
 * memory (bounded): a retry that lands on another replica, or after a restart, makes a new job.
 */
@ApplicationScoped
public class IdempotentSubmissions {
    private static final int MAX_KEY_LENGTH = 255;
    private static final int CAPACITY = 10_000;

    private final JobViews views;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    public IdempotentSubmissions(JobViews views, Clock clock, GatewayConfig config) {
        this.views = views;
        this.clock = clock;
        this.ttl = config.jobs().ttl();
    }

    /** A digest of what makes two submissions the same: the kind, the parameters and the upload's bytes. */
    public static String fingerprint(String kind, Path upload, String... parameters) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(kind.getBytes(StandardCharsets.UTF_8));
            for (String p : parameters) {
                digest.update((byte) 0);
                digest.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(upload)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the submission once per (tenant, key); without a key, always. */
    public JobState submit(Tenant tenant, String key, Supplier<String> fingerprint, Supplier<JobState> submission) {
        if (key == null || key.isBlank()) {
            return submission.get();
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiProblem.badRequest("invalid_idempotency_key", "Idempotency-Key is at most 255 characters");
        }
        String id = tenant.id() + '\n' + key;
        String print = fingerprint.get();
        Instant now = clock.instant();
        synchronized (entries) {
            Entry known = entries.get(id);
            if (known != null && known.createdAt.plus(ttl).isAfter(now)) {
                if (!known.fingerprint.equals(print)) {
                    throw new ApiProblem(409, "idempotency_key_reused", "Idempotency-Key reused",
                            "this Idempotency-Key was used for a different request");
                }
                if (known.jobId == null) {
                    throw new ApiProblem(409, "idempotency_key_in_use", "Request in progress",
                            "a request with this Idempotency-Key is still being processed; retry later");
                }
                Optional<JobState> job = views.find(known.jobId);
                if (job.isPresent()) {
                    return job.get();
                }
            }
            entries.put(id, new Entry(print, null, now));
        }
        try {
            JobState created = submission.get();
            synchronized (entries) {
                entries.put(id, new Entry(print, created.id(), now));
            }
            return created;
        } catch (RuntimeException e) {
            synchronized (entries) {
                entries.remove(id);
            }
            throw e;
        }
    }

    private record Entry(String fingerprint, String jobId, Instant createdAt) {
    }
}
