package io.headshots.gateway.support;

/** API keys of the test tenants; the demo ones are hashed in application.properties. */
public final class Keys {
    public static final String FREE = "dev-free-key";
    public static final String PREMIUM = "dev-premium-key";
    /** Tenant {@code test-rate}: 3 requests a minute. */
    public static final String RATE_LIMITED = "test-rate-key";
    /** Tenant {@code test-quota}: one unfinished job at a time. */
    public static final String ONE_JOB_AT_A_TIME = "test-quota-key";

    private Keys() {
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
