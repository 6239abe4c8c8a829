package io.headshots.gateway.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.CallerTenant;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.service.HeadshotSubmitter;
import io.headshots.gateway.service.IdempotentSubmissions;
import io.headshots.gateway.validation.HeadshotPlanner;
import io.headshots.gateway.validation.ImageHeader;
import io.headshots.gateway.validation.UploadValidator;
import io.headshots.gateway.webhook.DeliveryStore;
import io.headshots.gateway.webhook.WebhookUrls;

@Path("/v1/headshots")
public class HeadshotResource {
    /** The {@code webhook} form field of both submissions, as OpenAPI describes it. */
    static final String WEBHOOK = "Optional http(s) URL: when the job finishes, its JSON is POSTed there, signed by the "
            + "Standard Webhooks scheme with the secret of GET /v1/webhooks/secret; retried on failure";
    private final UploadValidator validator;
    private final HeadshotPlanner planner;
    private final HeadshotSubmitter submitter;
    private final IdempotentSubmissions idempotency;
    private final CallerTenant caller;
    private final WebhookUrls webhooks;
    private final DeliveryStore deliveries;

    public HeadshotResource(UploadValidator validator, HeadshotPlanner planner, HeadshotSubmitter submitter,
            IdempotentSubmissions idempotency, CallerTenant caller, WebhookUrls webhooks, DeliveryStore deliveries) {
        this.validator = validator;
        this.planner = planner;
        this.submitter = submitter;
        this.idempotency = idempotency;
        this.caller = caller;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createHeadshots", summary = "Make headshots from a photo",
            description = "Form fields: photo (PNG, JPEG or WebP), styles (comma-separated or repeated; default "
                    + "corporate), count (default 3). Free: at most 3 at 1024x1024; premium: up to 50, upscaled "
                    + "to 4096x4096. webhook (optional): an http(s) URL the finished job is POSTed to, signed (see the "
                    + "README). Answers 202 with the queued job.")
    @APIResponse(responseCode = "202", description = "Queued; Location: /v1/jobs/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad parameters or photo; invalid_webhook",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "tier_limit_exceeded: more headshots than the tier allows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "image_too_large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "unsupported_format",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The photo is refused, or too many headshots",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@RestForm("photo") FileUpload photo, @RestForm("styles") List<String> styles,
            @RestForm String count,
            @RestForm @Schema(format = "uri", maxLength = 2048, description = WEBHOOK) String webhook,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String webhookUrl = webhooks.check(webhook);
        Tenant tenant = caller.get();
        ImageHeader header = validator.checkImage("photo", photo == null ? null : photo.uploadedFile(),
                photo == null ? 0 : photo.size());
        var request = planner.plan(header, tenant.tier(), styles, count);
        java.nio.file.Path file = photo.uploadedFile();
        JobState job = idempotency.submit(tenant, idempotencyKey,
                () -> IdempotentSubmissions.fingerprint("headshot", file, String.valueOf(styles), count, webhookUrl),
                jobId -> deliveries.track(submitter.submit(tenant, request, file, jobId, webhookUrl)));
        return Response.accepted(JobResponse.of(job)).location(URI.create("/v1/jobs/" + job.id())).build();
    }
}
