package io.headshots.gateway.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.headshots.gateway.ApiProblem;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every REST resource of the gateway needs {@code Authorization: Bearer <key>}; the page at {@code /}
 * and {@code /q/*} are not REST resources and stay open. A missing, malformed or unknown key is a 401,
 * and counts against the client address ({@link FailedAuthLimiter}).
 */
public class BearerAuthFilter {
    private static final String SCHEME = "bearer ";

    private final ApiKeys keys;
    private final CallerTenant caller;
    private final FailedAuthLimiter failures;

    public BearerAuthFilter(ApiKeys keys, CallerTenant caller, FailedAuthLimiter failures) {
        this.keys = keys;
        this.caller = caller;
        this.failures = failures;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        failures.checkAllowed(address);
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized(address, "missing_api_key", "send the API key as Authorization: Bearer <key>");
        }
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized(address, "invalid_api_key", "the Authorization header must use the Bearer scheme");
        }
        Tenant tenant = keys.authenticate(header.substring(SCHEME.length()).trim())
                .orElseThrow(() -> unauthorized(address, "invalid_api_key", "the API key is not valid"));
        caller.set(tenant);
    }

    private ApiProblem unauthorized(String address, String code, String detail) {
        failures.failed(address);
        return new ApiProblem(401, code, "Unauthorized", detail);
    }
}
