package io.headshots.upscaler.engine;

/** Encodings the engine can write. */
public enum OutputFormat {
    /** Lossless; keeps alpha, grayscale and 16-bit samples of the input. */
    PNG("image/png", "png"),
    /** Lossy, 8-bit, no alpha: transparent pixels are composited over white. */
    JPEG("image/jpeg", "jpg");

    private final String contentType;
    private final String extension;

    OutputFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The MIME type of the encoded bytes, e.g. {@code image/png}. */
    public String contentType() {
        return contentType;
    }

    /** The usual file name extension, without the dot. */
    public String extension() {
        return extension;
    }
}
