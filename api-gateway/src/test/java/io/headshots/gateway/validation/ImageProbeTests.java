package io.headshots.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.headshots.gateway.support.TestImages;
import io.headshots.gateway.validation.ImageRejected.Reason;

/** The header reader on its own, for the formats the HTTP tests do not build (JPEG segments, WebP). */
class ImageProbeTests {
    private static final ImageLimits LIMITS = new ImageLimits(50_000_000, 16);

    @Test
    void pngDimensionsComeFromIhdr() throws Exception {
        assertThat(ImageProbe.probe(TestImages.png(300, 200), LIMITS))
                .isEqualTo(new ImageHeader(ImageFormat.PNG, 300, 200, false));
    }

    @Test
    void jpegDimensionsComeFromTheFrameHeaderAfterOtherSegments() throws Exception {
        byte[] jpeg = TestImages.jpeg(321, 123);
        // an APP1 segment of 40 KB in front of the frame header, as cameras write EXIF
        byte[] app1 = new byte[40_000];
        app1[0] = (byte) 0xFF;
        app1[1] = (byte) 0xE1;
        app1[2] = (byte) ((app1.length - 2) >> 8);
        app1[3] = (byte) (app1.length - 2);
        byte[] withExif = TestImages.concat(Arrays.copyOf(jpeg, 2), app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));

        assertThat(ImageProbe.probe(withExif, LIMITS)).isEqualTo(new ImageHeader(ImageFormat.JPEG, 321, 123, false));
    }

    @Test
    void jpegCutBeforeItsImageDataIsTruncated() {
        byte[] jpeg = TestImages.jpeg(64, 64);
        assertRejected(Arrays.copyOf(jpeg, 30), Reason.TRUNCATED);
    }

    @Test
    void jpegWithoutFrameHeaderIsCorrupt() {
        byte[] sosOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0};
        assertRejected(sosOnly, Reason.CORRUPT);
    }

    @Test
    void hugeJpegFrameIsRefusedFromItsHeader() {
        byte[] sof = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, 1, 1, 0x11, 0};
        assertRejected(sof, Reason.TOO_MANY_PIXELS);
    }

    @Test
    void lossyWebpDimensionsComeFromTheVp8FrameHeader() throws Exception {
        ByteBuffer vp8 = le(10).put(new byte[] {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A})
                .putShort((short) 640).putShort((short) 480);
        assertThat(ImageProbe.probe(webp(chunk("VP8 ", vp8.array())), LIMITS))
                .isEqualTo(new ImageHeader(ImageFormat.WEBP, 640, 480, false));
    }

    @Test
    void losslessWebpDimensionsComeFromTheVp8lHeader() throws Exception {
        int bits = (100 - 1) | ((50 - 1) << 14);
        ByteBuffer vp8l = le(16).put((byte) 0x2F).putInt(bits); // then (zeroed) image data
        assertThat(ImageProbe.probe(webp(chunk("VP8L", vp8l.array())), LIMITS))
                .isEqualTo(new ImageHeader(ImageFormat.WEBP, 100, 50, false));
    }

    @Test
    void extendedWebpWithTheAnimationFlagIsAnimated() {
        assertRejected(webp(chunk("VP8X", vp8x(0x02, 64, 64)), chunk("ANIM", new byte[6])), Reason.ANIMATED);
    }

    @Test
    void extendedWebpDeclaringAGiantCanvasIsRefused() {
        assertRejected(webp(chunk("VP8X", vp8x(0, 16_000_000, 16_000_000))), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void webpShorterThanItsRiffHeaderSaysIsTruncated() {
        byte[] whole = webp(chunk("VP8X", vp8x(0, 64, 64)), chunk("ALPH", new byte[100]));
        assertRejected(Arrays.copyOf(whole, whole.length - 10), Reason.TRUNCATED);
    }

    @Test
    void signaturePrefixAloneIsTruncatedAndOtherBytesAreUnsupported() {
        assertRejected(new byte[] {(byte) 0x89, 'P', 'N'}, Reason.TRUNCATED);
        assertRejected("GIF89a....".getBytes(StandardCharsets.US_ASCII), Reason.UNSUPPORTED_FORMAT);
        assertRejected(new byte[0], Reason.EMPTY);
    }

    @Test
    void pngWithoutImageDataIsCorrupt() {
        byte[] png = TestImages.png(32, 32);
        byte[] headerOnly = TestImages.concat(Arrays.copyOf(png, 33), TestImages.chunk("IEND", new byte[0]));
        assertRejected(headerOnly, Reason.CORRUPT);
    }

    private static void assertRejected(byte[] image, Reason reason) {
        assertThatThrownBy(() -> ImageProbe.probe(image, LIMITS))
                .isInstanceOf(ImageRejected.class)
                .satisfies(e -> assertThat(((ImageRejected) e).reason()).isEqualTo(reason));
    }

    private static byte[] vp8x(int flags, int width, int height) {
        ByteBuffer b = le(10).put((byte) flags).put(new byte[3]);
        putU24(b, width - 1);
        putU24(b, height - 1);
        return b.array();
    }

    private static void putU24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] chunk(String fourcc, byte[] data) {
        int padded = data.length + (data.length & 1);
        return le(8 + padded).put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
    }

    private static byte[] webp(byte[]... chunks) {
        byte[] body = TestImages.concat(chunks);
        return TestImages.concat(le(12).put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).array(), body);
    }
}
