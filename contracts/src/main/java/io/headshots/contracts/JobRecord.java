package io.headshots.contracts;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * {@code job.json}: written once at submission; S3 is the source of truth for job state.
 *
 * @param tenant the tenant id (not the API key, not a person's name)
 * @param webhook the URL the gateway POSTs the finished job to, or null; it may carry the tenant's
 *        tokens, so it is never logged nor put on Kafka. Added after the first records were written:
 *        optional, absent from records without one
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
        List<TaskSpec> tasks,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = Messages.ABSENT, useInput = OptBoolean.TRUE) String webhook) {

    public static final int VERSION = 1;

    /** A job without a webhook (the form most callers, and records written before webhooks, have). */
    public JobRecord(int v, String id, String tenant, JobKind kind, Tier tier, Instant createdAt, Instant expiresAt,
            String inputKey, String inputFormat, int inputWidth, int inputHeight, UpscaleOptions upscale,
            List<TaskSpec> tasks) {
        this(v, id, tenant, kind, tier, createdAt, expiresAt, inputKey, inputFormat, inputWidth, inputHeight, upscale,
                tasks, null);
    }

    /** This record with a webhook URL (null for none). */
    public JobRecord withWebhook(String url) {
        return new JobRecord(v, id, tenant, kind, tier, createdAt, expiresAt, inputKey, inputFormat, inputWidth,
                inputHeight, upscale, tasks, url);
    }

    /** Never the webhook URL: a record may end up in a log line. */
    @Override
    public String toString() {
        return "JobRecord[id=" + id + ", kind=" + kind + ", tier=" + tier + ", tasks=" + (tasks == null ? 0 : tasks.size())
                + ", webhook=" + (webhook == null ? "none" : "set") + "]";
    }

    /** What an upscale job asked for; null for headshot jobs. */
    public record UpscaleOptions(String model, int scale, int targetWidth, int targetHeight, String format) {
    }
}
