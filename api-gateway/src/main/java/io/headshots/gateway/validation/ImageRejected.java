package io.headshots.gateway.validation;

/** Why an upload is refused; {@link Reason} maps one-to-one to a problem code and status. */
public class ImageRejected extends Exception {
    private final Reason reason;

    public ImageRejected(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Every refusal of an image, with its problem code and HTTP status. */
    public enum Reason {
        /** No {@code image} part in the form. */
        MISSING("image_missing", 400, "Image missing"),
        /** A zero-byte file. */
        EMPTY("image_empty", 400, "Empty image"),
        /** More bytes than {@code gateway.upload.max-bytes}. */
        TOO_LARGE("image_too_large", 413, "Image too large"),
        /** Not PNG, JPEG or WebP by its first bytes, whatever its name or declared type. */
        UNSUPPORTED_FORMAT("unsupported_format", 415, "Unsupported image format"),
        /** The file ends inside its header or inside a declared chunk or segment. */
        TRUNCATED("image_truncated", 422, "Truncated image"),
        /** A header that contradicts its format (bad checksum, zero size, missing chunk). */
        CORRUPT("image_corrupt", 422, "Corrupt image"),
        /** An animated PNG (acTL) or WebP (ANIM flag). */
        ANIMATED("image_animated", 422, "Animated image"),
        /** A side shorter than {@code gateway.upload.min-side}. */
        TOO_SMALL("image_too_small", 422, "Image too small"),
        /** More pixels than {@code gateway.upload.max-input-pixels}. */
        TOO_MANY_PIXELS("image_too_many_pixels", 422, "Image has too many pixels");

        private final String code;
        private final int status;
        private final String title;

        Reason(String code, int status, String title) {
            this.code = code;
            this.status = status;
            this.title = title;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }
}
