package io.headshots.gateway.validation;

/** What an image declares in its header: enough to accept or refuse it without decoding. */
public record ImageHeader(ImageFormat format, int width, int height, boolean animated) {
    public long pixels() {
        return (long) width * height;
    }
}
