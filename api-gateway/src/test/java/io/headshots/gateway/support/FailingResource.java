package io.headshots.gateway.support;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoint that fails the way a bug does, with an exception no mapper was written for, so
 * the catch-all can be seen. Part of the app under {@code @QuarkusTest} only.
 */
@Path("/test/unexpected-failure")
public class FailingResource {
    /** Text that must never reach a client. */
    public static final String SECRET_DETAIL = "connection string user=admin password=hunter2";

    @GET
    @Operation(hidden = true)
    public String fail() {
        throw new IllegalStateException(SECRET_DETAIL);
    }
}
