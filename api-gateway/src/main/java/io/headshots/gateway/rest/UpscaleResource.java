package io.headshots.gateway.rest;

import java.net.URI;

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
import io.headshots.gateway.service.IdempotentSubmissions;
import io.headshots.gateway.service.UpscaleSubmitter;
import io.headshots.gateway.validation.ImageHeader;
import io.headshots.gateway.validation.UploadValidator;
import io.headshots.gateway.validation.UpscaleRequest;
import io.headshots.gateway.webhook.DeliveryStore;
import io.headshots.gateway.webhook.WebhookUrls;

@Path("/v1/upscales")
public class UpscaleResource {
    private final UploadValidator validator;
    private final UpscaleSubmitter submitter;
    private final IdempotentSubmissions idempotency;
    private final CallerTenant caller;
    private final WebhookUrls webhooks;
    private final DeliveryStore deliveries;

    public UpscaleResource(UploadValidator validator, UpscaleSubmitter submitter, IdempotentSubmissions idempotency,
            CallerTenant caller, WebhookUrls webhooks, DeliveryStore deliveries) {
        this.validator = validator;
        this.submitter = submitter;
        this.idempotency = idempotency;
        this.caller = caller;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUpscale", summary = "Upscale an image",
            description = "Form fields: image (PNG, JPEG or WebP), scale 2|3|4 (default 4) or width+height, "
                    + "model, format png|jpeg, webhook (optional: an http(s) URL the finished job is POSTed to, signed; "
                    + "see the README). Answers 202 with the queued job. Free tier: at most 2048 px on the "
                    + "output's long edge (403 tier_limit_exceeded above).")
    @APIResponse(responseCode = "202", description = "Queued; Location: /v1/jobs/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad parameters or image; invalid_webhook",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "tier_limit_exceeded: output above the tier's cap",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "image_too_large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "unsupported_format",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The image or the output is refused for its size or structure",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@RestForm("image") FileUpload image, @RestForm String scale, @RestForm String width,
            @RestForm String height, @RestForm String model, @RestForm String format,
            @RestForm @Schema(format = "uri", maxLength = 2048, description = HeadshotResource.WEBHOOK) String webhook,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String webhookUrl = webhooks.check(webhook);
        ImageHeader header = validator.checkImage("image", image == null ? null : image.uploadedFile(),
                image == null ? 0 : image.size());
        UpscaleRequest request = validator.checkUpscale(header, caller.get().tier(), scale, width, height, model,
                format);
        java.nio.file.Path file = image.uploadedFile();
        JobState job = idempotency.submit(caller.get(), idempotencyKey,
                () -> IdempotentSubmissions.fingerprint("upscale", file, scale, width, height, model, format,
                        webhookUrl),
                jobId -> deliveries.track(submitter.submit(caller.get(), request, file, jobId, webhookUrl)));
        return Response.accepted(JobResponse.of(job)).location(URI.create("/v1/jobs/" + job.id())).build();
    }
}
