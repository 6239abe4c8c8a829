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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;

/**
 * {@code Idempotency-Key}: a retried submission with the same key and the same request (upload bytes
 * and parameters) gets the job the first one created, not a second job, whichever gateway replica
 * either lands on; the same key with a different request is a 409 {@code idempotency_key_reused}.
 *
 * <p>The key's entry lives in S3 ({@code idempotency/{tenantKey}/{sha256(key)}.json}: the
 * request's fingerprint, the job id, the time), written with a conditional write
 * ({@code If-None-Match: *}), so of two replicas racing with one key exactly one creates the entry
 * and runs the submission, under a job id chosen before the race; the other reads the entry and
 * answers with that job once it is stored (waiting up to {@code gateway.kafka.send-timeout} + 5 s,
 * then 409 {@code idempotency_key_in_use}). An entry whose submission failed is removed, so a retry
 * starts afresh; one older than the job TTL, or whose job is gone (deleted), is replaced. The
 * retention sweep deletes entries after the TTL; deleting all of a tenant's data deletes its entries.
 */
@ApplicationScoped
public class IdempotentSubmissions {
    private static final Logger LOG = Logger.getLogger(IdempotentSubmissions.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final String JSON = "application/json";

    private final JobStore store;
    private final JobViews views;
    private final JobIds ids;
    private final Clock clock;
    private final Duration ttl;
    private final Duration inProgress;

    public IdempotentSubmissions(JobStore store, JobViews views, JobIds ids, Clock clock, GatewayConfig config) {
        this.store = store;
        this.views = views;
        this.ids = ids;
        this.clock = clock;
        this.ttl = config.jobs().ttl();
        this.inProgress = config.kafka().sendTimeout().plusSeconds(5);
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

    /**
     * Runs the submission once per (tenant, key); without a key, always.
     *
     * @param submission creates the job under the id it is given
     */
    public JobState submit(Tenant tenant, String key, Supplier<String> fingerprint,
            Function<String, JobState> submission) {
        if (key == null || key.isBlank()) {
            String jobId = ids.next();
            try (var about = JobLogContext.about(jobId)) {
                return submission.apply(jobId);
            }
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiProblem.badRequest("invalid_idempotency_key", "Idempotency-Key is at most 255 characters");
        }
        String entryKey = StorageKeys.idempotencyEntry(tenant.id(), sha256(key));
        String print = fingerprint.get();
        for (int claim = 0; claim < 3; claim++) {
            String jobId = ids.next();
            Entry mine = new Entry(print, jobId, clock.instant());
            if (store.objects().putIfAbsent(entryKey, Messages.toJson(mine), JSON)) {
                return runClaimed(entryKey, jobId, submission);
            }
            Optional<Entry> known = store.objects().get(entryKey).map(b -> Messages.fromJson(b, Entry.class));
            if (known.isEmpty()) {
                continue; // its submission failed and removed it meanwhile: claim again
            }
            Entry entry = known.get();
            if (!entry.createdAt().plus(ttl).isAfter(clock.instant())) {
                forget(entryKey); // expired, not yet swept
                continue;
            }
            if (!entry.fingerprint().equals(print)) {
                throw new ApiProblem(409, "idempotency_key_reused", "Idempotency-Key reused",
                        "this Idempotency-Key was used for a different request");
            }
            Optional<JobState> job = awaitJob(entry);
            if (job.isPresent()) {
                return job.get();
            }
            if (entry.createdAt().plus(inProgress).isAfter(clock.instant())) {
                break; // the first request is still being processed
            }
            forget(entryKey); // its job was deleted, or its gateway died before storing it
        }
        throw new ApiProblem(409, "idempotency_key_in_use", "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry later");
    }

    private JobState runClaimed(String entryKey, String jobId, Function<String, JobState> submission) {
        try (var about = JobLogContext.about(jobId)) {
            return submission.apply(jobId);
        } catch (RuntimeException e) {
            forget(entryKey); // a refused or failed submission made no job: a retry starts afresh
            throw e;
        }
    }

    /** The entry's job, waiting while its first request may still be storing it. */
    private Optional<JobState> awaitJob(Entry entry) {
        Instant until = entry.createdAt().plus(inProgress);
        while (true) {
            Optional<JobState> job = views.find(entry.jobId());
            if (job.isPresent() || !clock.instant().isBefore(until)) {
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private void forget(String entryKey) {
        try {
            store.objects().delete(List.of(entryKey));
        } catch (StorageException e) {
            LOG.warnf("could not remove an Idempotency-Key entry; it expires with the TTL: %s", e.getMessage());
        }
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored entry: no key, no tenant in clear, only hashes and the job id. */
    public record Entry(String fingerprint, String jobId, Instant createdAt) {
    }
}
