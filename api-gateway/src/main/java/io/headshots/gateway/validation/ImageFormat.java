package io.headshots.gateway.validation;

/** The input formats the gateway accepts, as recognised from their first bytes. */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpg", "image/jpeg"),
    WEBP("webp", "image/webp");

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The file extension used in the input's storage key. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
