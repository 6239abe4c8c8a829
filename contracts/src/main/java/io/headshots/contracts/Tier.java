package io.headshots.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A tenant's plan and what it allows. Free: 3 headshots at standard resolution, no upscaling.
 * Premium: up to 50 headshots across all styles, each upscaled to 4096x4096. Upscales: free ones
 * give at most {@value #FREE_UPSCALE_LONG_EDGE} px on the long edge, premium ones anything up to
 * the service's limits ({@link SizeLimits}).
 */
public enum Tier {
    FREE(3, 1024, false, Tier.FREE_UPSCALE_LONG_EDGE),
    PREMIUM(50, 4096, true, Integer.MAX_VALUE);

    /** Side of the square headshot every generated output has. */
    public static final int STANDARD_SIZE = 1024;

    /** Longest output edge of a free upscale, in pixels. */
    public static final int FREE_UPSCALE_LONG_EDGE = 2048;

    private final int maxHeadshots;
    private final int headshotSize;
    private final boolean upscalesHeadshots;
    private final int maxUpscaleLongEdge;

    Tier(int maxHeadshots, int headshotSize, boolean upscalesHeadshots, int maxUpscaleLongEdge) {
        this.maxHeadshots = maxHeadshots;
        this.headshotSize = headshotSize;
        this.upscalesHeadshots = upscalesHeadshots;
        this.maxUpscaleLongEdge = maxUpscaleLongEdge;
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

    /** Longest edge an upscale output of this tier may have; premium: no tier cap, the service's limits apply. */
    public int maxUpscaleLongEdge() {
        return maxUpscaleLongEdge;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
