package io.headshots.gateway.quota;

import jakarta.ws.rs.Priorities;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.headshots.gateway.auth.CallerTenant;

/** Applies the tenant's request rate after authentication, before any resource work. */
public class RateLimitFilter {
    private final RequestRateLimiter limiter;
    private final CallerTenant caller;

    public RateLimitFilter(RequestRateLimiter limiter, CallerTenant caller) {
        this.limiter = limiter;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void limit() {
        limiter.acquire(caller.get());
    }
}
