package io.headshots.contracts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A lane of the work queue: premium work has topics of its own, so that it never waits behind a
 * backlog of free work; workers take from both, premium first (see the platform's {@code LaneOrder}).
 */
public enum Lane {
    FREE, PREMIUM;

    /** The lane a tenant's work travels in. */
    public static Lane of(Tier tier) {
        return tier == Tier.PREMIUM ? PREMIUM : FREE;
    }

    /** The name in metric tags and configuration: {@code free}, {@code premium}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
