package io.headshots.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobStatus;
import io.headshots.contracts.TaskOutcome;
import io.headshots.gateway.JobState;

/**
 * A job as the API shows it. {@code progress.done}/{@code total} count finished and all outputs;
 * {@code percent} also counts the tiles of outputs in progress. {@code error} is present only when
 * the job failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(String id, JobKind kind, JobStatus status, Progress progress, Instant createdAt,
        Instant expiresAt, List<Output> outputs, Error error, Webhook webhook) {

    /**
     * The job's webhook, shown to its tenant only: the URL it gave and, on {@code GET /v1/jobs/{id}},
     * the delivery's status and each attempt (lists and streams show the URL alone). Present only
     * when the submission named a webhook.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "JobWebhook")
    public record Webhook(String url,
            @Schema(description = "waiting (the job is not finished), pending, delivered or failed") String status,
            @Schema(description = "The webhook-id header of every attempt") String id,
            List<WebhookAttempt> attempts,
            @Schema(description = "When the next attempt is due, while the delivery is pending") Instant nextAttemptAt) {
    }

    /** One delivery attempt: the receiver's status code, or the class of error that prevented one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "JobWebhookAttempt")
    public record WebhookAttempt(int number, Instant at, Integer httpStatus,
            @Schema(description = "http_status, timeout, connection_failed, tls_failed, abandoned, "
                    + "unresolvable_host or an address refusal such as private_address") String error) {
    }

    @Schema(name = "JobProgress")
    public record Progress(int done, int total, int percent) {
    }

    /**
     * A finished output; {@code width}/{@code height} are absent when the worker did not record them.
     * {@code identityScore} is present on headshots only: the cosine between the face embeddings of the
     * photo and of this headshot (1 = the same face), as the generator's identity check measured it; for
     * a premium headshot, measured on the upscaled image the customer gets.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "JobOutput")
    public record Output(String name, String style, String stage, Integer width, Integer height,
            @Schema(description = "Headshots only: cosine between the face embeddings of photo and headshot "
                    + "(1 = the same face); for a premium headshot, of the upscaled image") Double identityScore,
            String url) {
    }

    /** Named for the schema so that generated clients get no class called plain {@code Error}. */
    @Schema(name = "JobError")
    public record Error(String code, String message) {
    }

    public static JobResponse of(JobState state) {
        String id = state.id();
        List<Output> outputs = state.job().tasks().stream()
                .filter(spec -> state.task(spec.taskId()).outcome() == TaskOutcome.SUCCEEDED)
                .map(spec -> {
                    var result = state.task(spec.taskId()).result();
                    Integer width = result != null && result.width() > 0 ? result.width() : null;
                    Integer height = result != null && result.height() > 0 ? result.height() : null;
                    Double identity = result != null ? result.identityScore() : null;
                    return new Output(spec.outputName(), spec.style(), spec.stage(), width, height, identity,
                            "/v1/jobs/" + id + "/outputs/" + spec.outputName());
                })
                .toList();
        JobStatus status = state.status();
        Error error = status == JobStatus.FAILED
                ? state.firstFailure().map(t -> new Error(Objects.requireNonNullElse(t.errorCode(), "task_failed"),
                        Objects.requireNonNullElse(t.errorMessage(), "the task failed"))).orElse(null)
                : null;
        return new JobResponse(id, state.job().kind(), status,
                new Progress(state.finishedTasks(), state.tasks().size(), state.percent()),
                state.job().createdAt(), state.job().expiresAt(), outputs, error,
                state.job().webhook() == null ? null
                        : new Webhook(state.job().webhook(), null, null, null, null));
    }

    /** This response with the webhook section the delivery has to show. */
    public JobResponse withWebhook(Webhook shown) {
        return new JobResponse(id, kind, status, progress, createdAt, expiresAt, outputs, error, shown);
    }
}
