package io.headshots.gateway.rest;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

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
    public record JobPage(List<JobResponse> jobs, String nextCursor) {
    }

    /** What "delete my data now" removed. */
    public record Deleted(int deleted) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Your recent jobs, newest first",
            description = "limit 1..100 (default 20); pass a page's nextCursor as cursor for the next page.")
    public JobPage list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        TenantJobs.Page page = jobs.list(caller.get(), limit, cursor == null || cursor.isBlank() ? null : cursor);
        return new JobPage(page.jobs().stream().map(JobResponse::of).toList(), page.nextCursor());
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete all your jobs and everything they stored, now")
    public Deleted deleteAll() {
        return new Deleted(jobs.deleteAll(caller.get()));
    }
}
