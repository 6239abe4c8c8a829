package io.headshots.upscaler.engine;

/**
 * Picks the tile side from a memory budget. The estimate is deliberately coarse: a
 * Real-ESRGAN run keeps a few 64-channel feature maps alive at input resolution and,
 * for the upsampling tail, at output resolution, so per input pixel it needs roughly
 * {@code 64 channels x 4 bytes x (2 + 2 s^2)} bytes (8.7 KB at 4x). Budget / that is the
 * tile area. Checked against realesrgan-x4plus on the CPU: the process's peak RSS grew by
 * 127 MiB for a first 128 px tile (estimate 136 MiB) and 354 MiB for a 192 px tile
 * (estimate 306 MiB); the compact x4fast needs far less, so the estimate errs safe for it.
 */
final class TileSizer {

    static final int MIN_TILE = 64;
    static final int MAX_TILE = 1024;
    private static final int FEATURE_CHANNELS = 64;

    private TileSizer() {
    }

    /** Bytes one input pixel of a tile costs during inference, by the estimate above. */
    static long bytesPerInputPixel(int scale) {
        return (long) FEATURE_CHANNELS * Float.BYTES * (2L + 2L * scale * scale);
    }

    /** A tile side in input pixels, a multiple of 8 between {@link #MIN_TILE} and {@link #MAX_TILE}. */
    static int tileSide(long budgetBytes, int scale) {
        double side = Math.sqrt(budgetBytes / (double) bytesPerInputPixel(scale));
        int rounded = ((int) side) / 8 * 8;
        return Math.max(MIN_TILE, Math.min(MAX_TILE, rounded));
    }
}
