package io.headshots.upscaler.engine;

import java.util.Objects;
import java.util.Set;

/**
 * What to make of one input image.
 *
 * <p>Either a {@code scale} (2, 3 or 4: the output is exactly scale times the oriented
 * input in each dimension) or a target box ({@code targetWidth} x {@code targetHeight},
 * with scale 0). A box is filled by <em>cover, then centre-crop</em>: the input is
 * cropped about its centre to the box's aspect ratio, upscaled, and resized to exactly
 * the box, so a 3:4 portrait asked for 4096x4096 loses equal strips from top and bottom
 * and is never letterboxed or stretched. The crop happens before the model runs, so
 * cropped-away pixels cost no inference.
 *
 * <p>The model always runs at its native scale; any other factor is made by a Lanczos
 * resample of the model's output (downsampling for 2x/3x from a 4x model, upsampling when
 * a box needs more than the native scale).
 *
 * @param model        model name, resolved as {@code NAME.onnx} in the model directory
 * @param scale        2, 3 or 4; or 0 when a target box is given
 * @param targetWidth  box width in pixels, or 0 for none
 * @param targetHeight box height in pixels, or 0 for none
 * @param format       output encoding
 * @param jpegQuality  1..100 for JPEG output, or 0 for {@link #DEFAULT_JPEG_QUALITY}
 * @param tileSize     tile side in input pixels, at least {@link #MIN_TILE_SIZE}; or 0 to
 *                     size tiles from the engine's memory budget
 */
public record UpscaleSpec(String model, int scale, int targetWidth, int targetHeight,
                          OutputFormat format, int jpegQuality, int tileSize) {

    /** Quality used for JPEG output when the spec says 0. */
    public static final int DEFAULT_JPEG_QUALITY = 92;
    /** Smaller tiles would spend most of their time on overlap. */
    public static final int MIN_TILE_SIZE = 32;
    private static final Set<Integer> SCALES = Set.of(2, 3, 4);

    public UpscaleSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must be named");
        }
        boolean box = targetWidth != 0 || targetHeight != 0;
        if (box) {
            if (targetWidth <= 0 || targetHeight <= 0) {
                throw new IllegalArgumentException("target box needs a positive width and height, got "
                        + targetWidth + "x" + targetHeight);
            }
            if (scale != 0) {
                throw new IllegalArgumentException("give a scale or a target box, not both");
            }
        } else if (!SCALES.contains(scale)) {
            throw new IllegalArgumentException("scale must be 2, 3 or 4, got " + scale);
        }
        if (jpegQuality < 0 || jpegQuality > 100) {
            throw new IllegalArgumentException("jpegQuality must be 0..100, got " + jpegQuality);
        }
        if (tileSize != 0 && tileSize < MIN_TILE_SIZE) {
            throw new IllegalArgumentException("tileSize must be 0 or at least " + MIN_TILE_SIZE + ", got " + tileSize);
        }
    }

    /** Upscale by a factor of 2, 3 or 4, tiles sized automatically. */
    public static UpscaleSpec byScale(String model, int scale, OutputFormat format) {
        return new UpscaleSpec(model, scale, 0, 0, format, 0, 0);
    }

    /** Upscale to exactly {@code width} x {@code height} by cover and centre-crop. */
    public static UpscaleSpec toBox(String model, int width, int height, OutputFormat format) {
        return new UpscaleSpec(model, 0, width, height, format, 0, 0);
    }

    /** This spec with a fixed tile size (0 = automatic). */
    public UpscaleSpec withTileSize(int size) {
        return new UpscaleSpec(model, scale, targetWidth, targetHeight, format, jpegQuality, size);
    }

    /** This spec with a JPEG quality (0 = default). */
    public UpscaleSpec withJpegQuality(int quality) {
        return new UpscaleSpec(model, scale, targetWidth, targetHeight, format, quality, tileSize);
    }

    /** Whether the output size is a target box rather than a scale. */
    public boolean hasTargetBox() {
        return targetWidth > 0;
    }

    /** The JPEG quality to use, with 0 resolved to the default. */
    public int effectiveJpegQuality() {
        return jpegQuality == 0 ? DEFAULT_JPEG_QUALITY : jpegQuality;
    }
}
