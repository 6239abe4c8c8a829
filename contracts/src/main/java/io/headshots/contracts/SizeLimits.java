package io.headshots.contracts;

/**
 * The size limits of images, defined once for every stage. The gateway refuses at the door what a
 * worker would refuse later, so no job fails after queueing for its size: the gateway checks an
 * upload against {@link #MAX_INPUT_PIXELS} and an upscale against {@link #upscalePixels}, and the
 * workers apply the same numbers before they decode.
 */
public final class SizeLimits {
    /**
     * Most pixels an input image may declare, upload or selfie alike (40 MP). The generator decodes
     * the whole photo, so this bounds its memory per task; phone photos of up to 7300x5470 pass.
     */
    public static final long MAX_INPUT_PIXELS = 40_000_000L;

    /** Shortest side an input image may have, in pixels. */
    public static final int MIN_SIDE = 16;

    /**
     * Most pixels the upscaler holds for one output (8192x8192): the larger of the model's native
     * output and the final image, see {@link #upscalePixels}.
     */
    public static final long MAX_UPSCALE_PIXELS = 8192L * 8192L;

    private SizeLimits() {
    }

    /**
     * The pixels an upscale of a {@code width} x {@code height} input needs at most: the model runs at
     * its own scale over the input (a box crops first, so the whole input is the upper bound) and the
     * result is then resized to {@code outWidth} x {@code outHeight}. An upscale is served when this
     * is at most {@link #MAX_UPSCALE_PIXELS}.
     */
    public static long upscalePixels(int width, int height, int modelScale, int outWidth, int outHeight) {
        long model = (long) width * height * modelScale * modelScale;
        return Math.max(model, (long) outWidth * outHeight);
    }
}
