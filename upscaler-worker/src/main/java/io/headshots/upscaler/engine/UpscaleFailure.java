package io.headshots.upscaler.engine;

/**
 * An upscale that cannot be done, with a stable snake_case {@link #code()} that callers
 * may store, show and branch on. Every code is permanent for its input: retrying the
 * same bytes with the same spec fails the same way, except {@link #CANCELED}.
 */
public class UpscaleFailure extends RuntimeException {

    /** The bytes are not a readable image: empty, truncated, corrupt or of unknown kind. */
    public static final String UNDECODABLE_IMAGE = "undecodable_image";
    /** A recognised image kind the engine does not take (GIF, BMP, TIFF, HEIF, ...). */
    public static final String UNSUPPORTED_IMAGE = "unsupported_image";
    /** The input or the requested output exceeds the configured pixel limits. */
    public static final String IMAGE_TOO_LARGE = "image_too_large";
    /** No loadable model of that name in the model directory. */
    public static final String UNKNOWN_MODEL = "unknown_model";
    /** The model failed on a tile or returned non-finite values; nothing was written. */
    public static final String TILE_FAILED = "tile_failed";
    /** The listener asked to stop. */
    public static final String CANCELED = "canceled";

    private final String code;

    public UpscaleFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public UpscaleFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable reason code, one of the constants of this class. */
    public String code() {
        return code;
    }
}
