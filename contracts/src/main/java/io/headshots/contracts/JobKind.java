package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a job produces. */
public enum JobKind {
    HEADSHOT, UPSCALE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
