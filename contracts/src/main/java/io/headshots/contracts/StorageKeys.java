package io.headshots.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The object key scheme of the single bucket:
 * {@code jobs/{yyyyMMddHH}/{jobId}/job.json | cancel.json | input/... | generated/... | upscaled/... | tasks/{taskId}.json},
 * plus the per-tenant index {@code jobs/{yyyyMMddHH}/tenants/{tenantKey}/{jobId}}.
 * The hour is the job's creation hour (UTC), taken from its id. Keys never contain anything the
 * user chose (no file names): they show up in logs and Kafka messages.
 */
public final class StorageKeys {
    public static final String ROOT = "jobs/";
    /** The folder of the tenant index within an hour; never a job id. */
    public static final String TENANTS = "tenants/";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private StorageKeys() {
    }

    /** {@code jobs/yyyyMMddHH/} for the hour that contains the instant. */
    public static String hourPrefix(Instant instant) {
        return ROOT + HOUR.format(instant.truncatedTo(ChronoUnit.HOURS)) + "/";
    }

    /** The start of the hour named by an hour prefix such as {@code jobs/2026112602/}. */
    public static Instant hourOf(String hourPrefix) {
        String digits = hourPrefix.substring(ROOT.length(), ROOT.length() + 10);
        return java.time.LocalDateTime.parse(digits, DateTimeFormatter.ofPattern("yyyyMMddHH"))
                .toInstant(ZoneOffset.UTC);
    }

    public static String jobPrefix(String jobId) {
        return hourPrefix(JobIds.createdAt(jobId)) + jobId + "/";
    }

    public static String jobRecord(String jobId) {
        return jobPrefix(jobId) + "job.json";
    }

    /** The upload, under a fixed name; the extension comes from the sniffed format. */
    public static String input(String jobId, String extension) {
        return jobPrefix(jobId) + "input/original." + extension;
    }

    public static String generated(String jobId, String outputName, String extension) {
        return jobPrefix(jobId) + "generated/" + outputName + "." + extension;
    }

    public static String upscaled(String jobId, String outputName, String extension) {
        return jobPrefix(jobId) + "upscaled/" + outputName + "." + extension;
    }

    public static String taskResult(String jobId, String taskId) {
        return jobPrefix(jobId) + "tasks/" + taskId + ".json";
    }

    /**
     * Written by the gateway once the job's tasks are on the broker: a job record without it, older
     * than a grace period, is one whose gateway stopped between storing it and publishing its tasks
     * (the gateway's {@code StrandedJobs} publishes them then).
     */
    public static String queuedMarker(String jobId) {
        return jobPrefix(jobId) + "queued.json";
    }

    /**
     * The job's cancel marker: while it exists the job is canceled, and a worker drops the job's
     * queued tasks and stops its running ones. It lies under the job's prefix, so it goes with the job.
     */
    public static String cancelMarker(String jobId) {
        return jobPrefix(jobId) + "cancel.json";
    }

    /**
     * The tenant's index entry of a job: an empty object filed under the job's creation hour, so
     * that a tenant's recent jobs are listed without reading other tenants' records, and so that
     * retention removes it with the hour.
     */
    public static String tenantEntry(String tenant, String jobId) {
        return tenantHourPrefix(tenant, JobIds.createdAt(jobId)) + jobId;
    }

    /** {@code jobs/yyyyMMddHH/tenants/{tenantKey}/}: the tenant's index entries of that hour. */
    public static String tenantHourPrefix(String tenant, Instant hour) {
        return hourPrefix(hour) + TENANTS + tenantKey(tenant) + "/";
    }

    /** The root of the Idempotency-Key entries; outside {@link #ROOT}: looked up by key, not by hour. */
    public static final String IDEMPOTENCY = "idempotency/";

    /**
     * {@code idempotency/{tenantKey}/{keyHash}.json}: which job an Idempotency-Key of the tenant made.
     * Found by the key alone from any gateway replica; the retention sweep deletes it after the job TTL.
     *
     * @param keyHash hex SHA-256 of the Idempotency-Key (the key itself is stored nowhere)
     */
    public static String idempotencyEntry(String tenant, String keyHash) {
        return idempotencyPrefix(tenant) + keyHash + ".json";
    }

    /** {@code idempotency/{tenantKey}/}: every Idempotency-Key entry of the tenant. */
    public static String idempotencyPrefix(String tenant) {
        return IDEMPOTENCY + tenantKey(tenant) + "/";
    }

    /** The tenant as it appears in keys: 32 hex digits of the SHA-256 of its id, never the id itself. */
    public static String tenantKey(String tenant) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the key lies under the job's prefix; guards against a task writing elsewhere. */
    public static boolean belongsTo(String key, String jobId) {
        return key != null && key.startsWith(jobPrefix(jobId)) && !key.contains("..");
    }
}
