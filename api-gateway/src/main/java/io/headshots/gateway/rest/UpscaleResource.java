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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.CallerTenant;
import io.headshots.gateway.service.IdempotentSubmissions;
import io.headshots.gateway.service.UpscaleSubmitter;
import io.headshots.gateway.validation.ImageHeader;
import io.headshots.gateway.validation.UploadValidator;
import io.headshots.gateway.validation.UpscaleRequest;

@Path("/v1/upscales")
public class UpscaleResource {
    private final UploadValidator validator;
    private final UpscaleSubmitter submitter;
    private final IdempotentSubmissions idempotency;
    private final CallerTenant caller;

    public UpscaleResource(UploadValidator validator, UpscaleSubmitter submitter, IdempotentSubmissions idempotency,
            CallerTenant caller) {
        this.validator = validator;
        this.submitter = submitter;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upscale an image", description = "Form fields: image (PNG, JPEG or WebP), scale 2|3|4 "
            + "(default 4) or width+height, model, format png|jpeg. Answers 202 with the queued job.")
    public Response submit(@RestForm("image") FileUpload image, @RestForm String scale, @RestForm String width,
            @RestForm String height, @RestForm String model, @RestForm String format,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        ImageHeader header = validator.checkImage("image", image == null ? null : image.uploadedFile(),
                image == null ? 0 : image.size());
        UpscaleRequest request = validator.checkUpscale(header, scale, width, height, model, format);
        java.nio.file.Path file = image.uploadedFile();
        JobState job = idempotency.submit(caller.get(), idempotencyKey,
                () -> IdempotentSubmissions.fingerprint("upscale", file, scale, width, height, model, format),
                jobId -> submitter.submit(caller.get(), request, file, jobId));
        return Response.accepted(JobResponse.of(job)).location(URI.create("/v1/jobs/" + job.id())).build();
    }
}
