package io.headshots.gateway.rest;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.headshots.gateway.auth.CallerTenant;
import io.headshots.gateway.service.TenantJobs;

@Path("/v1/jobs")
public class JobListResource {
    private final TenantJobs jobs;
    private final CallerTenant caller;

    public JobListResource(TenantJobs jobs, CallerTenant caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    /** A page of jobs; {@code nextCursor} is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "JobPage")
    public record JobPage(List<JobResponse> jobs, String nextCursor) {
    }

    /** What "delete my data now" removed. */
    @Schema(name = "Deleted")
    public record Deleted(int deleted) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listJobs", summary = "Your recent jobs, newest first",
            description = "limit 1..100 (default 20); pass a page's nextCursor as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobPage.class)))
    @APIResponse(responseCode = "400", description = "invalid_limit or invalid_cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobPage list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        TenantJobs.Page page = jobs.list(caller.get(), limit, cursor == null || cursor.isBlank() ? null : cursor);
        return new JobPage(page.jobs().stream().map(JobResponse::of).toList(), page.nextCursor());
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteAllJobs", summary = "Delete all your jobs and everything they stored, now")
    public Deleted deleteAll() {
        return new Deleted(jobs.deleteAll(caller.get()));
    }
}
