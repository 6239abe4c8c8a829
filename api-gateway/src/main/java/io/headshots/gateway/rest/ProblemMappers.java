package io.headshots.gateway.rest;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.metrics.GatewayMetrics;
import io.headshots.platform.storage.StorageException;

/** Renders every failure as {@code application/problem+json}, and counts refusals by code. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final GatewayMetrics metrics;
    private final GatewayConfig config;

    public ProblemMappers(GatewayMetrics metrics, GatewayConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem) {
        return render(problem);
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        if (e.isTransient()) {
            LOG.warnf("storage unavailable: %s", e.getMessage());
            return render(ApiProblem.unavailable("storage_unavailable", "object storage is unavailable, retry later",
                    config.jobs().retryAfterSeconds()));
        }
        LOG.errorf(e, "storage refused a request");
        return render(new ApiProblem(500, "storage_error", "Storage error", "object storage refused the request"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "image_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        return render(new ApiProblem(status, code, title, status >= 500 ? "the request failed" : e.getMessage()));
    }

    /**
     * Anything no other mapper claims (a bug, a library failing in a way we did not foresee): a 500
     * problem whose body names an error id and nothing of the failure; the log line with the stack
     * trace carries the same id, so a client's report leads to it.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, error id %s", errorId);
        return render(new ApiProblem(500, "internal_error", "Internal error",
                "the request failed unexpectedly; quote error id " + errorId + " when you report it"), errorId);
    }

    private Response render(ApiProblem problem) {
        return render(problem, null);
    }

    private Response render(ApiProblem problem, String errorId) {
        metrics.rejected(problem.code());
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(problem.status(), problem.code(), problem.title(), problem.detail())
                        .withErrorId(errorId));
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
