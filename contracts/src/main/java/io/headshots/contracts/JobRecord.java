package io.headshots.contracts;

import java.time.Instant;
import java.util.List;

/**
 * {@code job.json}: written once at submission; S3 is the source of truth for job state.
 *
 * @param tenant the tenant id (not the API key, not a person's name)
 */
public record JobRecord(
        int v,
        String id,
        String tenant,
        JobKind kind,
        Tier tier,
        Instant createdAt,
        Instant expiresAt,
        String inputKey,
        String inputFormat,
        int inputWidth,
        int inputHeight,
        UpscaleOptions upscale,
        List<TaskSpec> tasks) {

    public static final int VERSION = 1;

    /** What an upscale job asked for; null for headshot jobs. */
    public record UpscaleOptions(String model, int scale, int targetWidth, int targetHeight, String format) {
    }
}
