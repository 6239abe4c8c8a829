package io.headshots.generator.engine.compositing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationFailure;

/**
 * The photo is read as the upscaler reads its input (platform's image package): the same bytes fail
 * with the same code, and a file cut short is refused instead of being filled with grey.
 */
class PhotoDecoderTests {
    private static final long MAX_PIXELS = 40_000_000L;

    @Test
    void aPortraitCutInItsScanDataFailsUndecodableInsteadOfDecodingWithAGreyFill() {
        byte[] whole = TestPhotos.portrait();
        byte[] cut = Arrays.copyOf(whole, whole.length * 6 / 10);

        GenerationFailure failure = catchThrowableOfType(GenerationFailure.class, () -> PhotoDecoder.decode(cut, MAX_PIXELS));

        assertThat(failure.code()).isEqualTo(GenerationFailure.UNDECODABLE_IMAGE);
        assertThat(failure.getMessage()).contains("cut short");
    }

    @Test
    void emptyBytesAreUndecodableAndAGifIsUnsupportedAsAtTheUpscaler() {
        assertThat(catchThrowableOfType(GenerationFailure.class, () -> PhotoDecoder.decode(new byte[0], MAX_PIXELS)).code())
                .isEqualTo(GenerationFailure.UNDECODABLE_IMAGE);
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0};
        assertThat(catchThrowableOfType(GenerationFailure.class, () -> PhotoDecoder.decode(gif, MAX_PIXELS)).code())
                .isEqualTo(GenerationFailure.UNSUPPORTED_IMAGE);
    }

    @Test
    void aPhotoOverThePixelLimitIsRefusedFromItsHeader() {
        assertThat(catchThrowableOfType(GenerationFailure.class,
                () -> PhotoDecoder.decode(TestPhotos.portrait(), 100_000)).code())
                .isEqualTo(GenerationFailure.IMAGE_TOO_LARGE);
    }

    @Test
    void aSidewaysStoredPortraitIsTurnedUprightByItsExifOrientation() {
        BufferedImage upright = TestPhotos.portraitImage();
        // stored turned a quarter counter-clockwise; orientation 6 tells a viewer to turn it clockwise
        BufferedImage stored = new BufferedImage(upright.getHeight(), upright.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < upright.getHeight(); y++) {
            for (int x = 0; x < upright.getWidth(); x++) {
                stored.setRGB(y, upright.getWidth() - 1 - x, upright.getRGB(x, y));
            }
        }
        byte[] photo = TestPhotos.withExifOrientation(TestPhotos.jpeg(stored), 6);

        BufferedImage decoded = PhotoDecoder.decode(photo, MAX_PIXELS);

        assertThat(decoded.getWidth()).isEqualTo(upright.getWidth());
        assertThat(decoded.getHeight()).isEqualTo(upright.getHeight());
        assertThat(meanAbsoluteDifference(decoded, upright)).as("mean |difference| per channel (JPEG re-encoded)")
                .isLessThan(6.0);
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
