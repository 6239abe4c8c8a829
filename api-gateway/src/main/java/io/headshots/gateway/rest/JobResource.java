package io.headshots.gateway.rest;

import java.io.InputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.headshots.contracts.JobStatus;
import io.headshots.gateway.auth.CallerTenant;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.gateway.service.JobAccess;
import io.headshots.gateway.service.JobStream;
import io.headshots.gateway.webhook.WebhookStatus;
import io.smallrye.mutiny.Multi;

@Path("/v1/jobs/{id}")
public class JobResource {
    private static final Logger LOG = Logger.getLogger(JobResource.class);
    /** How long a client waits before reconnecting to a stream this replica ended at shutdown. */
    static final long RECONNECT_DELAY_MS = 1000;

    private final JobAccess jobs;
    private final JobStream stream;
    private final CallerTenant caller;
    private final WebhookStatus webhooks;

    public JobResource(JobAccess jobs, JobStream stream, CallerTenant caller, WebhookStatus webhooks) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.stream = stream;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJob", summary = "A job's status, progress and outputs")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job for this caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobResponse get(@PathParam("id") String id) {
        return webhooks.shown(jobs.job(caller.get(), id));
    }

    @DELETE
    @Operation(operationId = "deleteJob", summary = "Delete a job and everything it stored, now")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such job for this caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") String id) {
        jobs.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job",
            description = "202 with the canceled job: queued tasks are dropped, running ones stop at their next "
                    + "tile. 200 when it was canceled before; 409 job_finished when it had already ended.")
    @APIResponse(responseCode = "202", description = "Canceled now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "Canceled before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job for this caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "job_finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String id) {
        JobAccess.Cancellation cancellation = jobs.cancel(caller.get(), id);
        return Response.status(cancellation.now() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(JobResponse.of(cancellation.state())).build();
    }

    @GET
    @Path("outputs/{name}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(operationId = "downloadJobOutput", summary = "Download a finished output")
    @APIResponse(responseCode = "200", description = "The image", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "404", description = "not_found, or output_not_ready",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response output(@PathParam("id") String id, @PathParam("name") String name) {
        JobAccess.Download download = jobs.output(caller.get(), id, name);
        StreamingOutput body = out -> {
            try (InputStream in = download.content()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, download.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, download.length())
                .header("Content-Disposition", "attachment; filename=\"" + name + extension(download) + "\"")
                .build();
    }

    @GET
    @Path("outputs.zip")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Operation(operationId = "downloadJobOutputs", summary = "Every finished output of the job as one ZIP",
            description = "Streamed: entries are read from storage one at a time, never held whole. Entries are "
                    + "named <output>.png or <output>.jpg. 409 no_outputs while the job has no finished output.")
    @APIResponse(responseCode = "200", description = "The ZIP archive",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING,
                    format = "binary")))
    @APIResponse(responseCode = "404", description = "No such job for this caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "no_outputs: nothing finished yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response outputsZip(@PathParam("id") String id) {
        List<JobAccess.ArchiveEntry> entries = jobs.finishedOutputs(caller.get(), id);
        // Written after the response filters: the archive's own lines are scoped to the job here.
        StreamingOutput body = out -> {
            try (var about = JobLogContext.about(id); ZipOutputStream zip = new ZipOutputStream(out)) {
                // PNG and JPEG are compressed already: deflating them again costs CPU and saves nothing.
                zip.setLevel(Deflater.NO_COMPRESSION);
                for (JobAccess.ArchiveEntry entry : entries) {
                    var content = jobs.open(entry);
                    if (content.isEmpty()) {
                        // deleted while we streamed: the archive ends with what still exists
                        LOG.info("an output was deleted while its job's archive streamed; the archive goes without it");
                        continue;
                    }
                    try (InputStream in = content.get()) {
                        zip.putNextEntry(new ZipEntry(entry.name() + extension(entry.contentType())));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                }
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".zip\"")
                .build();
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamJobEvents",
            summary = "Server-sent events of the job's state and progress, until it ends",
            description = "Each event carries the job (as GET /v1/jobs/{id}) and its version as id; 'status' "
                    + "when the status changed, 'progress' otherwise, 'deleted' when the job was deleted; "
                    + "'reconnect' (with a retry delay) ends the stream when this server shuts down: "
                    + "reconnect with Last-Event-ID.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse,
            @HeaderParam("Last-Event-ID") String lastEventId) {
        var current = jobs.job(caller.get(), id);
        JobStatus[] previous = {null};
        // Every stream starts with the full current state, so a reconnecting client misses nothing.
        // Versions restart low when the view is rebuilt from S3 (another replica, a restart): ids
        // then continue above the client's Last-Event-ID, so they never go back for that client.
        long[] lastId = {lastEventId(lastEventId)};
        return stream.changes(current).map(change -> {
            if (change.restarting()) {
                // This replica is shutting down: the client reconnects after the delay, with
                // Last-Event-ID, and another replica answers with the full state first.
                return sse.newEventBuilder().name("reconnect").reconnectDelay(RECONNECT_DELAY_MS)
                        .data(String.class, "{}").build();
            }
            if (change.gone()) {
                return sse.newEventBuilder().name("deleted").data(String.class, "{}").build();
            }
            JobResponse response = JobResponse.of(change.state());
            String name = response.status() == previous[0] ? "progress" : "status";
            previous[0] = response.status();
            lastId[0] = Math.max(change.state().version(), lastId[0] + 1);
            return sse.newEventBuilder()
                    .id(Long.toString(lastId[0]))
                    .name(name)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(JobResponse.class, response)
                    .build();
        });
    }

    private static long lastEventId(String header) {
        try {
            return header == null ? 0 : Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String extension(JobAccess.Download download) {
        return extension(download.contentType());
    }

    private static String extension(String contentType) {
        return "image/jpeg".equals(contentType) ? ".jpg" : ".png";
    }
}
