package io.headshots.platform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input rules both workers share: what is refused with which code, and EXIF orientation. */
class ImageReadingTests {

    @Test
    void aJpegCutInItsScanDataIsRefusedAsCutShortNotFilledWithGrey() {
        byte[] whole = encode(noise(96, 64), "jpeg");
        byte[] cut = Arrays.copyOf(whole, whole.length * 6 / 10);

        ImageHeader header = ImageReading.header(cut);  // the headers are intact
        ImageRejected rejected = catchThrowableOfType(ImageRejected.class, () -> ImageReading.decode(cut, header));

        assertThat(rejected.code()).isEqualTo(ImageRejected.UNDECODABLE_IMAGE);
        assertThat(rejected.getMessage()).contains("JPEG data is cut short");
    }

    @Test
    void aPngCutInItsDataIsUndecodable() {
        byte[] whole = encode(noise(96, 64), "png");
        byte[] cut = Arrays.copyOf(whole, whole.length * 6 / 10);

        ImageRejected rejected = catchThrowableOfType(ImageRejected.class,
                () -> ImageReading.decode(cut, ImageReading.header(cut)));

        assertThat(rejected.code()).isEqualTo(ImageRejected.UNDECODABLE_IMAGE);
    }

    @Test
    void emptyBytesAndTextAreUndecodableAndAGifIsUnsupported() {
        assertThat(catchThrowableOfType(ImageRejected.class, () -> ImageReading.header(new byte[0])).code())
                .isEqualTo(ImageRejected.UNDECODABLE_IMAGE);
        assertThat(catchThrowableOfType(ImageRejected.class,
                () -> ImageReading.header("<html>".getBytes(StandardCharsets.US_ASCII))).code())
                .isEqualTo(ImageRejected.UNDECODABLE_IMAGE);
        assertThat(catchThrowableOfType(ImageRejected.class, () -> ImageReading.header(encode(noise(8, 8), "gif"))).code())
                .isEqualTo(ImageRejected.UNSUPPORTED_IMAGE);
    }

    @Test
    void theHeaderGivesTheStoredSizeAndTheExifOrientation() {
        byte[] jpeg = withExifOrientation(encode(noise(40, 30), "jpeg"), 6);

        ImageHeader header = ImageReading.header(jpeg);

        assertThat(header.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(header.orientation()).isEqualTo(6);
        assertThat(new int[]{header.orientedWidth(), header.orientedHeight()}).containsExactly(30, 40);
    }

    /**
     * Each orientation against the EXIF definition written out pixel by pixel (the row-at-a-time
     * implementation must agree with it): displayed (x, y) comes from stored (sx, sy).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachExifOrientationShowsThePictureAsTheExifDefinitionSays(int orientation) {
        int w = 5;
        int h = 3;
        BufferedImage stored = noise(w, h);

        Raster upright = ExifOrientation.apply(stored.getRaster(), orientation);

        boolean swap = orientation >= 5;
        assertThat(upright.getWidth()).isEqualTo(swap ? h : w);
        assertThat(upright.getHeight()).isEqualTo(swap ? w : h);
        int[] shown = new int[3];
        int[] expected = new int[3];
        for (int y = 0; y < upright.getHeight(); y++) {
            for (int x = 0; x < upright.getWidth(); x++) {
                int[] s = switch (orientation) {
                    case 1 -> new int[]{x, y};
                    case 2 -> new int[]{w - 1 - x, y};
                    case 3 -> new int[]{w - 1 - x, h - 1 - y};
                    case 4 -> new int[]{x, h - 1 - y};
                    case 5 -> new int[]{y, x};
                    case 6 -> new int[]{y, h - 1 - x};
                    case 7 -> new int[]{w - 1 - y, h - 1 - x};
                    default -> new int[]{w - 1 - y, x};
                };
                upright.getPixel(x, y, shown);
                stored.getRaster().getPixel(s[0], s[1], expected);
                assertThat(shown).as("orientation %d, pixel (%d, %d)", orientation, x, y).containsExactly(expected);
            }
        }
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[]{random.nextInt(256), random.nextInt(256), random.nextInt(256)});
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JPEG with an EXIF APP1 segment right after SOI carrying only the orientation tag. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0};
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exif.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exif);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
