package io.headshots.upscaler.engine;

/**
 * Picks the tile side from a memory budget. The estimate is deliberately coarse: a
 * Real-ESRGAN run keeps a few 64-channel feature maps alive at input resolution and,
 * for the upsampling tail, at output resolution, so per input pixel it needs roughly
 * {@code 64 channels x 4 bytes x (2 + 2 s^2)} bytes (8.7 KB at 4x). Budget / that is the
 * tile area. Checked against realesrgan-x4plus on the CPU: the process's peak RSS grew by
 * 127 MiB for a first 128 px tile (estimate 136 MiB) and 354 MiB for a 192 px tile
 * (estimate 306 MiB).
 *
 * <p>Compact models (SRVGGNetCompact: x4fast, animevideov3, {@code architecture=srvgg} in
 * the model's metadata) never leave input resolution until a final pixel shuffle: four
 * 64-channel maps plus the shuffled {@code 3 x 16} channels twice and the output, about
 * 1.6 KB per input pixel, so the same budget buys tiles about 2.3x wider, and fewer seams
 * to overlap. A model without that metadata gets the safe estimate.
 */
final class TileSizer {

    static final int MIN_TILE = 64;
    /**
     * Largest automatic tile on the CPU. Memory would allow wider compact-model tiles, but on
     * the CPU they are slower: a 512 px x4fast tile's 64-channel maps (67 MB each) miss the
     * caches that a ~200 px tile's (10 MB) still hit, and in the side-by-side bench a 512x512
     * input ran faster as 3x3 tiles of 182 px (30% more pixels with the overlaps) than as one
     * tile or untiled (BENCHMARKS.md). GPUs take the budget's size.
     */
    static final int CPU_MAX_TILE = 256;
    static final int MAX_TILE = 1024;
    private static final int FEATURE_CHANNELS = 64;

    private TileSizer() {
    }

    /** Bytes one input pixel of a tile costs during inference, by the estimate above. */
    static long bytesPerInputPixel(int scale, boolean compact) {
        if (compact) {
            return (long) Float.BYTES * (4L * FEATURE_CHANNELS + 2L * 3 * 16 + 3L * scale * scale);
        }
        return (long) FEATURE_CHANNELS * Float.BYTES * (2L + 2L * scale * scale);
    }

    /** A tile side for a full-size (RRDBNet) model; see {@link #tileSide(long, int, boolean)}. */
    static int tileSide(long budgetBytes, int scale) {
        return tileSide(budgetBytes, scale, false);
    }

    /** The automatic tile side: from the budget, and on the CPU at most {@link #CPU_MAX_TILE}. */
    static int autoSide(long budgetBytes, int scale, boolean compact, boolean gpu) {
        int side = tileSide(budgetBytes, scale, compact);
        return gpu ? side : Math.min(side, CPU_MAX_TILE);
    }

    /** A tile side in input pixels, a multiple of 8 between {@link #MIN_TILE} and {@link #MAX_TILE}. */
    static int tileSide(long budgetBytes, int scale, boolean compact) {
        double side = Math.sqrt(budgetBytes / (double) bytesPerInputPixel(scale, compact));
        int rounded = ((int) side) / 8 * 8;
        return Math.max(MIN_TILE, Math.min(MAX_TILE, rounded));
    }
}
