package io.headshots.gateway.support;

/** API keys of the test tenants; the demo ones are hashed in application.properties. */
public final class Keys {
    public static final String FREE = "dev-free-key";
    public static final String PREMIUM = "dev-premium-key";
    /** Tenant {@code test-rate}: 3 requests a minute. */
    public static final String RATE_LIMITED = "test-rate-key";
    /** Tenant {@code test-quota}: one unfinished job at a time. */
    public static final String ONE_JOB_AT_A_TIME = "test-quota-key";
    /** Tenant {@code test-cancel}: one unfinished job at a time, used by the cancel tests alone. */
    public static final String ONE_JOB_CANCELER = "test-cancel-key";
    /** Tenant {@code test-list}: only the listing tests submit as it, so they see its jobs alone. */
    public static final String LISTER = "test-list-key";
    /** Tenant {@code test-list-other}: a neighbour whose jobs {@link #LISTER} must never see. */
    public static final String NEIGHBOUR = "test-list-other-key";
    /** Tenant {@code test-erase}: its data is deleted wholesale by a test. */
    public static final String ERASER = "test-erase-key";

    private Keys() {
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
