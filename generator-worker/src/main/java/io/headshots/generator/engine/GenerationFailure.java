package io.headshots.generator.engine;

/**
 * A headshot that cannot be made from this photo, whatever the retries. {@link #code()} is stable
 * and recorded in the task result; the message is safe to show the user (no keys, no file names).
 */
public class GenerationFailure extends RuntimeException {
    /** Not a readable image: empty, truncated or corrupt (the upscaler's code for the same bytes). */
    public static final String UNDECODABLE_IMAGE = "undecodable_image";
    /** A recognised image kind that is not JPEG, PNG or WebP (GIF, BMP, TIFF, HEIF, ...). */
    public static final String UNSUPPORTED_IMAGE = "unsupported_image";
    public static final String IMAGE_TOO_LARGE = "image_too_large";
    public static final String NO_FACE = "no_face";
    public static final String MULTIPLE_FACES = "multiple_faces";
    public static final String FACE_TOO_SMALL = "face_too_small";
    public static final String FACE_TOO_BLURRY = "face_too_blurry";
    /** The photo is cut so close around the face (e.g. at the chin) that no headshot frame fits inside it. */
    public static final String PHOTO_TOO_TIGHT = "photo_too_tight";
    public static final String IDENTITY_MISMATCH = "identity_mismatch";
    public static final String ENGINE_ERROR = "engine_error";
    /** The listener asked to stop (job deleted, worker stopping); not a failure of the task. */
    public static final String CANCELED = "canceled";

    private final String code;

    public GenerationFailure(String code, String message) {
        this(code, message, null);
    }

    public GenerationFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
