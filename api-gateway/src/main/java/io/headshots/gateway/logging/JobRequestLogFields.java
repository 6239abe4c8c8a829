package io.headshots.gateway.logging;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.headshots.contracts.JobIds;
import io.headshots.gateway.rest.JobResource;

/**
 * Every line logged while a request about one job is handled ({@code /v1/jobs/{id}...}: read, cancel,
 * delete, downloads, the start of an event stream, and the problem mappers' lines of its failures)
 * carries the job id as {@value JobLogContext#JOB_ID}, set once the request is matched and removed when
 * its response is written. The MDC lives in the request's Vert.x context, so it follows the request
 * from the event loop to its worker thread and never reaches another request; the removal keeps the
 * context clean for whatever still runs on it. A streamed body is written after the response filters:
 * {@link JobResource} scopes it with {@link JobLogContext} itself.
 */
public class JobRequestLogFields {
    /** The path parameter of {@link JobResource}. */
    static final String ID = "id";

    @ServerRequestFilter
    public void aboutTheJob(SimpleResourceInfo resource, UriInfo uri) {
        if (resource != null && resource.getResourceClass() == JobResource.class) {
            String id = uri.getPathParameters().getFirst(ID);
            if (JobIds.isValid(id)) {
                MDC.put(JobLogContext.JOB_ID, id);
            }
        }
    }

    @ServerResponseFilter
    public void done() {
        MDC.remove(JobLogContext.JOB_ID);
    }
}
