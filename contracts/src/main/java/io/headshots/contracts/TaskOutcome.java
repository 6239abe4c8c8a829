package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a task ended; only terminal outcomes are recorded in S3. */
public enum TaskOutcome {
    SUCCEEDED, FAILED, CANCELED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
