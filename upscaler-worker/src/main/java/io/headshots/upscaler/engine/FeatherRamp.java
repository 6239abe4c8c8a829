package io.headshots.upscaler.engine;

/**
 * Blending weights across one axis of a tile's output. Near an edge that borders another
 * tile the weight is ~0 for the outer quarter of the overlap (where the tile's model saw
 * zero padding instead of the neighbour's pixels), then rises linearly across the middle
 * half to 1. Two neighbours with the nominal overlap thus have weights summing to 1;
 * larger overlaps are handled because the blender divides by the summed weights.
 * Edges on the image border are not feathered: there the untiled model sees the same
 * border.
 */
final class FeatherRamp {

    // Keeps every covered pixel's weight sum positive, so normalising never divides by 0.
    private static final float FLOOR = 1e-4f;

    private final int dead;
    private final int ramp;

    /** @param overlapOut the nominal overlap in output pixels */
    FeatherRamp(int overlapOut) {
        this.dead = overlapOut / 4;
        this.ramp = Math.max(1, overlapOut - 2 * dead);
    }

    /**
     * Weights for a tile of {@code length} output pixels whose low and/or high edge
     * borders a neighbouring tile.
     */
    float[] weights(int length, boolean featherLow, boolean featherHigh) {
        float[] w = new float[length];
        for (int i = 0; i < length; i++) {
            float low = featherLow ? rise(i) : 1f;
            float high = featherHigh ? rise(length - 1 - i) : 1f;
            w[i] = Math.min(low, high);
        }
        return w;
    }

    private float rise(int distanceFromEdge) {
        if (distanceFromEdge < dead) {
            return FLOOR;
        }
        float t = (distanceFromEdge - dead + 0.5f) / ramp;
        return Math.max(FLOOR, Math.min(1f, t));
    }
}
