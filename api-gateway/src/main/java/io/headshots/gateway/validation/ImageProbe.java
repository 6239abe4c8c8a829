package io.headshots.gateway.validation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

import io.headshots.gateway.validation.ImageRejected.Reason;

/**
 * Reads what an image declares from its header, without decoding a pixel, and refuses it early. The
 * format comes from the first bytes only (never the file name or the declared content type); width
 * and height from the PNG IHDR chunk, the JPEG SOFn segment or the WebP VP8/VP8L/VP8X chunk. The
 * pixel cap is applied as soon as the dimensions are known, so a tiny file that declares
 * 100000x100000 is refused after reading a few dozen bytes. Only then is the container structure
 * walked (chunk and segment headers, not their data) to catch truncation and animation.
 */
public final class ImageProbe {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    /** More chunks or segments than any honest image of the accepted size has. */
    private static final int MAX_STRUCTURES = 200_000;

    private ImageProbe() {
    }

    /** Probes a file; I/O failures of the local temp file are unexpected and rethrown unchecked. */
    public static ImageHeader probe(Path file, ImageLimits limits) throws ImageRejected {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return probe(new FileSource(channel), limits);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ImageHeader probe(byte[] bytes, ImageLimits limits) throws ImageRejected {
        try {
            return probe(new ArraySource(bytes), limits);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ImageHeader probe(Source in, ImageLimits limits) throws ImageRejected, IOException {
        long size = in.size();
        if (size == 0) {
            throw new ImageRejected(Reason.EMPTY, "the image file is empty");
        }
        byte[] head = in.read(0, (int) Math.min(size, 12));
        if (startsWith(head, PNG_SIGNATURE)) {
            return png(in, limits);
        }
        if (startsWith(head, JPEG_SIGNATURE)) {
            return jpeg(in, limits);
        }
        if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return webp(in, limits);
        }
        if (isPrefixOfSignature(head)) {
            throw new ImageRejected(Reason.TRUNCATED, "the file ends inside the image signature");
        }
        throw new ImageRejected(Reason.UNSUPPORTED_FORMAT, "the file is not a PNG, JPEG or WebP image");
    }

    // --- PNG ---------------------------------------------------------------------------------

    private static ImageHeader png(Source in, ImageLimits limits) throws ImageRejected, IOException {
        long size = in.size();
        if (size < 8 + 25) {
            throw new ImageRejected(Reason.TRUNCATED, "the PNG ends inside its IHDR chunk");
        }
        byte[] ihdr = in.read(8, 25);
        if (u32(ihdr, 0) != 13 || !ascii(ihdr, 4, 4).equals("IHDR")) {
            throw new ImageRejected(Reason.CORRUPT, "the PNG does not start with an IHDR chunk");
        }
        CRC32 crc = new CRC32();
        crc.update(ihdr, 4, 17);
        if (crc.getValue() != u32(ihdr, 21)) {
            throw new ImageRejected(Reason.CORRUPT, "the PNG IHDR checksum is wrong");
        }
        long width = u32(ihdr, 8);
        long height = u32(ihdr, 12);
        int bitDepth = ihdr[16] & 0xFF;
        int colorType = ihdr[17] & 0xFF;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE
                || !validPngDepth(colorType, bitDepth)) {
            throw new ImageRejected(Reason.CORRUPT, "the PNG IHDR declares an impossible image");
        }
        checkSize(width, height, limits);

        boolean animated = false;
        boolean sawData = false;
        long pos = 8 + 25;
        for (int chunks = 0; ; chunks++) {
            if (chunks > MAX_STRUCTURES) {
                throw new ImageRejected(Reason.CORRUPT, "the PNG has too many chunks");
            }
            if (pos + 12 > size) {
                throw new ImageRejected(Reason.TRUNCATED, "the PNG ends before its IEND chunk");
            }
            byte[] header = in.read(pos, 8);
            long length = u32(header, 0);
            String type = ascii(header, 4, 4);
            if (length > Integer.MAX_VALUE || !type.chars().allMatch(Character::isLetter)) {
                throw new ImageRejected(Reason.CORRUPT, "the PNG has a malformed chunk");
            }
            if (pos + 12 + length > size) {
                throw new ImageRejected(Reason.TRUNCATED, "the PNG ends inside a " + type + " chunk");
            }
            switch (type) {
                case "acTL" -> animated |= !sawData;
                case "IDAT" -> sawData = true;
                case "IEND" -> {
                    if (!sawData) {
                        throw new ImageRejected(Reason.CORRUPT, "the PNG has no image data");
                    }
                    if (animated) {
                        throw new ImageRejected(Reason.ANIMATED, "animated PNG (APNG) is not supported");
                    }
                    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, false);
                }
                default -> {
                    // ancillary chunks are skipped unread
                }
            }
            pos += 12 + length;
        }
    }

    private static boolean validPngDepth(int colorType, int depth) {
        return switch (colorType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
    }

    // --- JPEG --------------------------------------------------------------------------------

    private static ImageHeader jpeg(Source in, ImageLimits limits) throws ImageRejected, IOException {
        long size = in.size();
        long pos = 2;
        ImageHeader header = null;
        for (int segments = 0; segments <= MAX_STRUCTURES; segments++) {
            // A marker is 0xFF, any number of 0xFF fill bytes, then the marker code.
            if (pos >= size) {
                throw new ImageRejected(Reason.TRUNCATED, "the JPEG ends before its image data");
            }
            if (in.read(pos++, 1)[0] != (byte) 0xFF) {
                throw new ImageRejected(Reason.CORRUPT, "the JPEG has a malformed marker");
            }
            int code;
            do {
                if (pos >= size) {
                    throw new ImageRejected(Reason.TRUNCATED, "the JPEG ends before its image data");
                }
                code = in.read(pos++, 1)[0] & 0xFF;
            } while (code == 0xFF);
            if (code == 0x01 || (code >= 0xD0 && code <= 0xD7)) {
                continue; // standalone markers carry no length
            }
            if (code == 0xD8 || code == 0xD9 || code == 0x00) {
                throw new ImageRejected(Reason.CORRUPT, "the JPEG header is malformed");
            }
            if (pos + 2 > size) {
                throw new ImageRejected(Reason.TRUNCATED, "the JPEG ends inside a segment");
            }
            int length = u16(in.read(pos, 2), 0);
            if (length < 2) {
                throw new ImageRejected(Reason.CORRUPT, "the JPEG has a malformed segment length");
            }
            if (pos + length > size) {
                throw new ImageRejected(Reason.TRUNCATED, "the JPEG ends inside a segment");
            }
            if (code == 0xDA) {
                if (header == null) {
                    throw new ImageRejected(Reason.CORRUPT, "the JPEG has no frame header before its data");
                }
                return header;
            }
            if (isStartOfFrame(code) && header == null) {
                if (length < 8) {
                    throw new ImageRejected(Reason.CORRUPT, "the JPEG frame header is too short");
                }
                if (code != 0xC0 && code != 0xC1 && code != 0xC2) {
                    throw new ImageRejected(Reason.UNSUPPORTED_FORMAT,
                            "lossless, hierarchical and arithmetic-coded JPEG are not supported");
                }
                byte[] frame = in.read(pos + 2, 5);
                int height = u16(frame, 1);
                int width = u16(frame, 3);
                if (width == 0 || height == 0) {
                    throw new ImageRejected(Reason.CORRUPT, "the JPEG frame header declares no size");
                }
                checkSize(width, height, limits);
                header = new ImageHeader(ImageFormat.JPEG, width, height, false);
            }
            pos += length;
        }
        throw new ImageRejected(Reason.CORRUPT, "the JPEG has too many segments");
    }

    private static boolean isStartOfFrame(int code) {
        return code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
    }

    // --- WebP --------------------------------------------------------------------------------

    private static ImageHeader webp(Source in, ImageLimits limits) throws ImageRejected, IOException {
        long size = in.size();
        long riffEnd = 8 + u32le(in.read(4, 4), 0);
        if (riffEnd > size) {
            throw new ImageRejected(Reason.TRUNCATED, "the WebP file is shorter than its RIFF header says");
        }
        if (riffEnd < 12 + 8 + 10) {
            throw new ImageRejected(Reason.CORRUPT, "the WebP RIFF container is too small for an image");
        }
        byte[] first = in.read(12, 8 + 10);
        String fourcc = ascii(first, 0, 4);
        long chunkSize = u32le(first, 4);
        if (20 + chunkSize > riffEnd) {
            throw new ImageRejected(Reason.TRUNCATED, "the WebP ends inside its " + fourcc.trim() + " chunk");
        }
        long width;
        long height;
        boolean animated = false;
        switch (fourcc) {
            case "VP8 " -> {
                boolean keyFrame = (first[8] & 0x01) == 0;
                if (!keyFrame || (first[11] & 0xFF) != 0x9D || (first[12] & 0xFF) != 0x01
                        || (first[13] & 0xFF) != 0x2A) {
                    throw new ImageRejected(Reason.CORRUPT, "the WebP VP8 frame header is malformed");
                }
                width = u16le(first, 14) & 0x3FFF;
                height = u16le(first, 16) & 0x3FFF;
            }
            case "VP8L" -> {
                if ((first[8] & 0xFF) != 0x2F) {
                    throw new ImageRejected(Reason.CORRUPT, "the WebP VP8L signature is wrong");
                }
                long bits = u32le(first, 9);
                if ((bits >>> 29) != 0) {
                    throw new ImageRejected(Reason.CORRUPT, "the WebP VP8L version is unknown");
                }
                width = (bits & 0x3FFF) + 1;
                height = ((bits >>> 14) & 0x3FFF) + 1;
            }
            case "VP8X" -> {
                animated = (first[8] & 0x02) != 0;
                width = u24le(first, 12) + 1;
                height = u24le(first, 15) + 1;
            }
            default -> throw new ImageRejected(Reason.CORRUPT, "the WebP has no image chunk");
        }
        if (width == 0 || height == 0) {
            throw new ImageRejected(Reason.CORRUPT, "the WebP declares no size");
        }
        checkSize(width, height, limits);

        long pos = 12;
        for (int chunks = 0; pos + 8 <= riffEnd; chunks++) {
            if (chunks > MAX_STRUCTURES) {
                throw new ImageRejected(Reason.CORRUPT, "the WebP has too many chunks");
            }
            byte[] header = in.read(pos, 8);
            String type = ascii(header, 0, 4);
            long length = u32le(header, 4);
            if (pos + 8 + length > riffEnd) {
                throw new ImageRejected(Reason.TRUNCATED, "the WebP ends inside a " + type.trim() + " chunk");
            }
            animated |= type.equals("ANIM") || type.equals("ANMF");
            pos += 8 + length + (length & 1); // chunks are padded to an even size
        }
        if (animated) {
            throw new ImageRejected(Reason.ANIMATED, "animated WebP is not supported");
        }
        return new ImageHeader(ImageFormat.WEBP, (int) width, (int) height, false);
    }

    // --- shared ------------------------------------------------------------------------------

    private static void checkSize(long width, long height, ImageLimits limits) throws ImageRejected {
        if (width * height > limits.maxPixels()) {
            throw new ImageRejected(Reason.TOO_MANY_PIXELS, "the image declares " + width + "x" + height
                    + " pixels; at most " + limits.maxPixels() + " pixels are accepted");
        }
        if (width < limits.minSide() || height < limits.minSide()) {
            throw new ImageRejected(Reason.TOO_SMALL, "the image is " + width + "x" + height
                    + "; each side must be at least " + limits.minSide() + " pixels");
        }
    }

    private static boolean isPrefixOfSignature(byte[] head) {
        byte[] riff = "RIFF".getBytes(StandardCharsets.US_ASCII);
        return startsWith(PNG_SIGNATURE, head) || startsWith(JPEG_SIGNATURE, head)
                || (head.length < 12 && (startsWith(riff, head) || startsWith(head, riff)));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static long u32le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16)
                | ((long) (b[off + 3] & 0xFF) << 24);
    }

    private static long u24le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16);
    }

    private static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    /** Random access to the bytes of an upload. */
    private interface Source {
        long size() throws IOException;

        /** Exactly {@code length} bytes at {@code position}; callers check the size first. */
        byte[] read(long position, int length) throws IOException;
    }

    private record FileSource(FileChannel channel) implements Source {
        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public byte[] read(long position, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new java.io.EOFException();
                }
            }
            return buffer.array();
        }
    }

    private record ArraySource(byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] read(long position, int length) throws IOException {
            if (position + length > bytes.length) {
                throw new java.io.EOFException();
            }
            return Arrays.copyOfRange(bytes, (int) position, (int) position + length);
        }
    }
}
