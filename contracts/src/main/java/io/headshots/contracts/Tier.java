package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A tenant's plan and what it allows. Free: 3 headshots at standard resolution, no upscaling.
 * Premium: up to 50 headshots across all styles, each upscaled to 4096x4096.
 */
public enum Tier {
    FREE(3, 1024, false),
    PREMIUM(50, 4096, true);

    /** Side of the square headshot every generated output has. */
    public static final int STANDARD_SIZE = 1024;

    private final int maxHeadshots;
    private final int headshotSize;
    private final boolean upscalesHeadshots;

    Tier(int maxHeadshots, int headshotSize, boolean upscalesHeadshots) {
        this.maxHeadshots = maxHeadshots;
        this.headshotSize = headshotSize;
        this.upscalesHeadshots = upscalesHeadshots;
    }

    public int maxHeadshots() {
        return maxHeadshots;
    }

    /** Side of the delivered square headshot. */
    public int headshotSize() {
        return headshotSize;
    }

    public boolean upscalesHeadshots() {
        return upscalesHeadshots;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
