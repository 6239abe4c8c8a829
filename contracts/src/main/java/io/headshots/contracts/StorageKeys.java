package io.headshots.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The object key scheme of the single bucket:
 * {@code jobs/{yyyyMMddHH}/{jobId}/job.json | input/... | generated/... | upscaled/... | tasks/{taskId}.json}.
 * The hour is the job's creation hour (UTC), taken from its id. Keys never contain anything the
 * user chose (no file names): they show up in logs and Kafka messages.
 */
public final class StorageKeys {
    public static final String ROOT = "jobs/";
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

    /** True when the key lies under the job's prefix; guards against a task writing elsewhere. */
    public static boolean belongsTo(String key, String jobId) {
        return key != null && key.startsWith(jobPrefix(jobId)) && !key.contains("..");
    }
}
