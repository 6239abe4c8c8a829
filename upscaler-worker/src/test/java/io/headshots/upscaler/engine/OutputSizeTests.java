package io.headshots.upscaler.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OutputSizeTests {

    @TempDir
    static Path models;
    static UpscaleEngine engine;

    @BeforeAll
    static void openEngine() throws Exception {
        TinyModels.writeAll(models);
        engine = new UpscaleEngine(EngineOptions.defaults(), new ModelDirectory(models));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @ParameterizedTest(name = "{0} at x{1} -> {2}x{3}")
    @CsvSource({
            "tiny-x4, 4, 164, 92",
            "tiny-x4, 3, 123, 69",
            "tiny-x4, 2, 82, 46",
            "tiny-x2, 2, 82, 46",
            "tiny-x2, 4, 164, 92",
    })
    void scaleGivesExactlyThatMultipleOfTheInput(String model, int scale, int width, int height) {
        byte[] input = TestImages.png(TestImages.rgb(41, 23, 9));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UpscaleOutcome outcome = engine.upscale(input, UpscaleSpec.byScale(model, scale, OutputFormat.PNG), out, null);

        BufferedImage image = TestImages.decode(out.toByteArray());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(outcome.width()).isEqualTo(width);
        assertThat(outcome.height()).isEqualTo(height);
        assertThat(outcome.contentType()).isEqualTo("image/png");
    }

    @ParameterizedTest(name = "{0}x{1} into {2}x{3}")
    @CsvSource({
            "60, 80, 512, 512",
            "80, 60, 512, 512",
            "50, 50, 300, 200",
            "37, 91, 333, 777",
    })
    void aTargetBoxIsFilledExactly(int inW, int inH, int boxW, int boxH) {
        byte[] input = TestImages.png(TestImages.rgb(inW, inH, 4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UpscaleOutcome outcome = engine.upscale(input, UpscaleSpec.toBox(TinyModels.X4, boxW, boxH, OutputFormat.PNG), out, null);

        BufferedImage image = TestImages.decode(out.toByteArray());
        assertThat(image.getWidth()).isEqualTo(boxW);
        assertThat(image.getHeight()).isEqualTo(boxH);
        assertThat(outcome.width()).isEqualTo(boxW);
        assertThat(outcome.height()).isEqualTo(boxH);
    }

    @Test
    void aPortraitInASquareBoxLosesTopAndBottomNotItsSides() {
        // 40 wide, 80 high: rows 0..19 blue, 20..59 green, 60..79 blue. Cover-cropping to a
        // square keeps rows 20..59, all green; fitting or stretching would show blue.
        BufferedImage portrait = new BufferedImage(40, 80, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 40; x++) {
                portrait.setRGB(x, y, y >= 20 && y < 60 ? 0x00C000 : 0x0000C0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        engine.upscale(TestImages.png(portrait), UpscaleSpec.toBox(TinyModels.X4, 200, 200, OutputFormat.PNG), out, null);

        BufferedImage square = TestImages.decode(out.toByteArray());
        for (int[] p : new int[][]{{100, 8}, {100, 191}, {8, 100}, {191, 100}}) {
            int rgb = square.getRGB(p[0], p[1]);
            assertThat((rgb >> 8) & 0xFF).as("green at %s,%s", p[0], p[1]).isGreaterThan(150);
            assertThat(rgb & 0xFF).as("blue at %s,%s", p[0], p[1]).isLessThan(60);
        }
    }

    @Test
    void jpegOutputHasTheQualityAndSizeAskedFor() {
        byte[] input = TestImages.png(TestImages.rgbaHalfTransparent(40, 30, 2));
        ByteArrayOutputStream high = new ByteArrayOutputStream();
        ByteArrayOutputStream low = new ByteArrayOutputStream();
        UpscaleSpec spec = UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.JPEG);

        UpscaleOutcome outcome = engine.upscale(input, spec.withJpegQuality(95), high, null);
        engine.upscale(input, spec.withJpegQuality(30), low, null);

        assertThat(outcome.contentType()).isEqualTo("image/jpeg");
        BufferedImage image = TestImages.decode(high.toByteArray());
        assertThat(image.getWidth()).isEqualTo(160);
        assertThat(image.getColorModel().hasAlpha()).isFalse();
        // The transparent half is composited over white.
        int composited = image.getRGB(10, 60);
        assertThat((composited >> 16) & 0xFF).isGreaterThan(245);
        assertThat((composited >> 8) & 0xFF).isGreaterThan(245);
        assertThat(composited & 0xFF).isGreaterThan(245);
        // The quality asked for is the one written: the luminance quantisation table in the file is
        // the standard one scaled for that quality (compared as a sum: the file stores it zig-zag).
        assertThat(luminanceTableSum(high.toByteArray())).isEqualTo(standardLuminanceSum(0.95f));
        assertThat(luminanceTableSum(low.toByteArray())).isEqualTo(standardLuminanceSum(0.30f));
        assertThat(low.size()).isLessThan(high.size());
    }

    /** The sum of the first 8-bit quantisation table (table 0, luminance) of a JPEG file. */
    private static int luminanceTableSum(byte[] jpeg) {
        for (int i = 2; i + 4 < jpeg.length; ) {
            int marker = ((jpeg[i] & 0xFF) << 8) | (jpeg[i + 1] & 0xFF);
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xFFDB && (jpeg[i + 4] & 0xFF) == 0) { // DQT, 8-bit precision, table 0
                int sum = 0;
                for (int k = 0; k < 64; k++) {
                    sum += jpeg[i + 5 + k] & 0xFF;
                }
                return sum;
            }
            i += 2 + length;
        }
        throw new AssertionError("no luminance quantisation table in the JPEG");
    }

    /** What the JDK's JPEG writer puts in the file for an ImageIO quality, by its documented mapping. */
    private static int standardLuminanceSum(float quality) {
        float scale = quality <= 0.5f ? 0.5f / quality : 2.0f - 2.0f * quality;
        int sum = 0;
        for (int value : javax.imageio.plugins.jpeg.JPEGQTable.K1Luminance.getScaledInstance(scale, true)
                .getTable()) {
            sum += value;
        }
        return sum;
    }
}
