package io.headshots.gateway.rest;

import java.io.InputStream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

import io.headshots.contracts.JobStatus;
import io.headshots.gateway.auth.CallerTenant;
import io.headshots.gateway.service.JobAccess;
import io.headshots.gateway.service.JobStream;
import io.smallrye.mutiny.Multi;

@Path("/v1/jobs/{id}")
public class JobResource {
    private final JobAccess jobs;
    private final JobStream stream;
    private final CallerTenant caller;

    public JobResource(JobAccess jobs, JobStream stream, CallerTenant caller) {
        this.jobs = jobs;
        this.stream = stream;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job's status, progress and outputs")
    public JobResponse get(@PathParam("id") String id) {
        return JobResponse.of(jobs.job(caller.get(), id));
    }

    @DELETE
    @Operation(summary = "Delete a job and everything it stored, now")
    public Response delete(@PathParam("id") String id) {
        jobs.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("outputs/{name}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(summary = "Download a finished output")
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
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events of the job's state and progress, until it ends",
            description = "Each event carries the job (as GET /v1/jobs/{id}) and its version as id; 'status' "
                    + "when the status changed, 'progress' otherwise, 'deleted' when the job was deleted.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        var current = jobs.job(caller.get(), id);
        JobStatus[] previous = {null};
        return stream.changes(current).map(change -> {
            if (change.gone()) {
                return sse.newEventBuilder().name("deleted").data(String.class, "{}").build();
            }
            JobResponse response = JobResponse.of(change.state());
            String name = response.status() == previous[0] ? "progress" : "status";
            previous[0] = response.status();
            return sse.newEventBuilder()
                    .id(Long.toString(change.state().version()))
                    .name(name)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(JobResponse.class, response)
                    .build();
        });
    }

    private static String extension(JobAccess.Download download) {
        return "image/jpeg".equals(download.contentType()) ? ".jpg" : ".png";
    }
}
