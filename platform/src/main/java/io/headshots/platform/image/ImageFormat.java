package io.headshots.platform.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The input encodings the engine reads, recognised by their leading bytes. */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    WEBP("webp");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name its readers register under. */
    public String imageIoName() {
        return imageIoName;
    }

    /**
     * Recognises the bytes' format from their signature, never from a file name.
     *
     * @throws ImageRejected {@code unsupported_image} for other known image kinds,
     *                        {@code undecodable_image} for anything else
     */
    public static ImageFormat sniff(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageRejected(ImageRejected.UNDECODABLE_IMAGE, "the image is empty (0 bytes)");
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) {
            return WEBP;
        }
        String other = otherKind(bytes);
        if (other != null) {
            throw new ImageRejected(ImageRejected.UNSUPPORTED_IMAGE, other + " images are not supported; use JPEG, PNG or WebP");
        }
        throw new ImageRejected(ImageRejected.UNDECODABLE_IMAGE, "the bytes are not a JPEG, PNG or WebP image");
    }

    private static String otherKind(byte[] b) {
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return "GIF";
        }
        if (ascii(b, 0, "BM") && b.length > 14) {
            return "BMP";
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return "TIFF";
        }
        if (ascii(b, 4, "ftyp")) {
            return "HEIF/AVIF";
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return "JPEG XL";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= offset + expected.length
                && Arrays.equals(bytes, offset, offset + expected.length, expected, 0, expected.length);
    }
}
