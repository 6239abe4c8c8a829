package io.headshots.platform.image;

/**
 * Input bytes that no retry will read: each worker turns this into its own failure type with the
 * same {@link #code()}, so an upload gets the same reason whichever worker reads it.
 */
public class ImageRejected extends RuntimeException {

    /** The bytes are not a readable image: empty, truncated, corrupt or of unknown kind. */
    public static final String UNDECODABLE_IMAGE = "undecodable_image";
    /** A recognised image kind the workers do not take (GIF, BMP, TIFF, HEIF, ...). */
    public static final String UNSUPPORTED_IMAGE = "unsupported_image";

    private final String code;

    public ImageRejected(String code, String message) {
        this(code, message, null);
    }

    public ImageRejected(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable reason code, one of the constants of this class. */
    public String code() {
        return code;
    }
}
