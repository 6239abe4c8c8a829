package io.headshots.platform.image;

/**
 * What the engine learns about an input before decoding its pixels.
 *
 * @param format      the recognised encoding
 * @param width       stored width in pixels
 * @param height      stored height in pixels
 * @param orientation EXIF orientation 1..8 (1 when absent)
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation) {

    /** Pixels the decoded image will hold. */
    public long pixels() {
        return (long) width * height;
    }

    /** Orientations 5..8 turn the image a quarter, swapping width and height. */
    public boolean transposed() {
        return orientation >= 5;
    }

    public int orientedWidth() {
        return transposed() ? height : width;
    }

    public int orientedHeight() {
        return transposed() ? width : height;
    }
}
