package io.headshots.gateway.auth;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of the current request, set by {@link BearerAuthFilter} before any resource runs. */
@RequestScoped
public class CallerTenant {
    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    /** The authenticated tenant; resources only run after authentication succeeded. */
    public Tenant get() {
        if (tenant == null) {
            throw new IllegalStateException("no authenticated tenant on this request");
        }
        return tenant;
    }
}
