package io.headshots.upscaler.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageInputsTests {

    @TempDir
    static Path models;
    static UpscaleEngine engine;

    @BeforeAll
    static void openEngine() throws Exception {
        TinyModels.writeAll(models);
        engine = new UpscaleEngine(EngineOptions.defaults().withPixelLimits(1_000_000, 15_000_000), new ModelDirectory(models));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    private static BufferedImage upscale4(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.upscale(input, UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG), out, null);
        return TestImages.decode(out.toByteArray());
    }

    private static String failureCode(byte[] input) {
        try {
            engine.upscale(input, UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG), new ByteArrayOutputStream(), null);
        } catch (UpscaleFailure failure) {
            return failure.code();
        }
        throw new AssertionError("upscale did not fail");
    }

    @Test
    void rgbaPngKeepsItsTransparencyWhereItWas() {
        BufferedImage output = upscale4(TestImages.png(TestImages.rgbaHalfTransparent(40, 30, 1)));

        assertThat(output.getWidth()).isEqualTo(160);
        assertThat(output.getHeight()).isEqualTo(120);
        assertThat(output.getColorModel().hasAlpha()).isTrue();
        assertThat(output.getRaster().getSample(10, 60, 3)).isZero();
        assertThat(output.getRaster().getSample(150, 60, 3)).isEqualTo(255);
    }

    @Test
    void sixteenBitGrayPngStaysSixteenBitGray() {
        BufferedImage output = upscale4(TestImages.png(TestImages.gray16(33, 21)));

        assertThat(output.getWidth()).isEqualTo(132);
        assertThat(output.getHeight()).isEqualTo(84);
        assertThat(output.getColorModel().getNumComponents()).isEqualTo(1);
        assertThat(output.getColorModel().getComponentSize(0)).isEqualTo(16);
        // Values between 8-bit steps survive: not every sample is a multiple of 257.
        int[] row = output.getRaster().getSamples(0, 40, 132, 1, 0, (int[]) null);
        assertThat(java.util.Arrays.stream(row).filter(v -> v % 257 != 0).count()).isPositive();
    }

    @Test
    void palettePngBecomesRgbaWithItsTransparentEntryKept() {
        BufferedImage output = upscale4(TestImages.png(TestImages.palette(64, 16)));

        assertThat(output.getWidth()).isEqualTo(256);
        assertThat(output.getColorModel().hasAlpha()).isTrue();
        // Palette index 0 (columns 0..7) is opaque red, index 3 (columns 24..31) transparent.
        int red = output.getRGB(12, 32);
        assertThat((red >> 16) & 0xFF).isGreaterThan(200);
        assertThat(red >>> 24).isEqualTo(255);
        assertThat(output.getRGB(27 * 4 + 2, 32) >>> 24).isZero();
    }

    @Test
    void cmykJpegIsReadAsItsColour() throws Exception {
        // Pure magenta + yellow ink is red.
        BufferedImage output = upscale4(TestImages.cmykJpeg(24, 16, 0, 255, 255, 0));

        assertThat(output.getWidth()).isEqualTo(96);
        int rgb = output.getRGB(48, 32);
        assertThat((rgb >> 16) & 0xFF).isGreaterThan(180);
        assertThat((rgb >> 8) & 0xFF).isLessThan(90);
        assertThat(rgb & 0xFF).isLessThan(90);
    }

    @Test
    void exifOrientationTurnsThePictureUpright() {
        // Stored 40x20 with a red block at the top-left; orientation 6 means "rotate 90 clockwise to view".
        BufferedImage stored = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                stored.setRGB(x, y, x < 10 && y < 8 ? 0xFF0000 : 0x2040FF);
            }
        }
        byte[] input = TestImages.withExifOrientation(TestImages.jpeg(stored), 6);

        BufferedImage output = upscale4(input);

        assertThat(output.getWidth()).isEqualTo(80);
        assertThat(output.getHeight()).isEqualTo(160);
        // Upright, the block is at the top-right: stored (x, y) lands at (h-1-y, x).
        assertThat(isRed(output.getRGB(80 - 12, 12))).isTrue();
        assertThat(isRed(output.getRGB(12, 12))).isFalse();
        assertThat(isRed(output.getRGB(80 - 12, 160 - 12))).isFalse();
    }

    private static boolean isRed(int rgb) {
        return ((rgb >> 16) & 0xFF) > 180 && (rgb & 0xFF) < 100;
    }

    @Test
    void losslessWebpWithAlphaIsReadWithItsTransparency() throws Exception {
        BufferedImage output = upscale4(resource("halves-lossless-alpha.webp"));

        assertThat(output.getWidth()).isEqualTo(192);
        assertThat(output.getHeight()).isEqualTo(128);
        assertThat(isRed(output.getRGB(40, 64))).isTrue();
        assertThat(output.getRaster().getSample(150, 20, 3)).isZero();
        assertThat(output.getRaster().getSample(150, 110, 3)).isEqualTo(255);
        assertThat(output.getRGB(150, 110) & 0xFF).isGreaterThan(180);
    }

    @Test
    void lossyWebpIsRead() throws Exception {
        BufferedImage output = upscale4(resource("halves-lossy.webp"));

        assertThat(output.getWidth()).isEqualTo(192);
        assertThat(isRed(output.getRGB(40, 64))).isTrue();
        assertThat(output.getRGB(150, 64) & 0xFF).isGreaterThan(180);
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = ImageInputsTests.class.getResourceAsStream("/engine/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void progressiveJpegIsRead() throws Exception {
        BufferedImage picture = TestImages.rgb(40, 30, 6);
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var stream = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new javax.imageio.IIOImage(picture, null, null), param);
        } finally {
            writer.dispose();
        }

        BufferedImage output = upscale4(bytes.toByteArray());

        assertThat(output.getWidth()).isEqualTo(160);
        assertThat(output.getHeight()).isEqualTo(120);
    }

    @Test
    void sixteenBitRgbaPngStaysSixteenBitRgba() {
        var cm = SourceImage.colorModel(3, true, 16);
        BufferedImage picture = new BufferedImage(cm, cm.createCompatibleWritableRaster(20, 10), false, null);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                picture.getRaster().setPixel(x, y, new int[]{x * 3000 + 7, y * 6000 + 3, 40000, x < 10 ? 0 : 65535});
            }
        }

        BufferedImage output = upscale4(TestImages.png(picture));

        assertThat(output.getRaster().getNumBands()).isEqualTo(4);
        assertThat(output.getColorModel().getComponentSize()).containsOnly(16);
        assertThat(output.getRaster().getSample(8, 20, 3)).isZero();
        assertThat(output.getRaster().getSample(70, 20, 3)).isEqualTo(65535);
    }

    @Test
    void truncatedJpegIsUndecodable() {
        byte[] whole = TestImages.jpeg(TestImages.rgb(64, 64, 2));
        assertThat(failureCode(TestImages.truncated(whole, 0.6))).isEqualTo("undecodable_image");
    }

    @Test
    void truncatedPngIsUndecodable() {
        byte[] whole = TestImages.png(TestImages.rgb(64, 64, 2));
        assertThat(failureCode(TestImages.truncated(whole, 0.6))).isEqualTo("undecodable_image");
    }

    @Test
    void zeroBytesAreUndecodable() {
        assertThat(failureCode(new byte[0])).isEqualTo("undecodable_image");
    }

    @Test
    void textIsUndecodable() {
        assertThat(failureCode("hello, not an image".getBytes())).isEqualTo("undecodable_image");
    }

    @Test
    void gifIsUnsupported() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "gif", out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(failureCode(out.toByteArray())).isEqualTo("unsupported_image");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() {
        // Decoding 10^10 pixels would need 30 GB; the refusal must come from the header alone.
        assertThat(failureCode(TestImages.pngHeaderClaiming(100_000, 100_000))).isEqualTo("image_too_large");
    }

    @Test
    void anOutputOverTheLimitIsRefusedBeforeAnyTile() {
        // 1000x1000 input is within the 1 MP input limit, but 4x is 16 MP, over the 15,000,000 limit.
        byte[] input = TestImages.png(TestImages.rgb(1000, 1000, 1));
        assertThat(failureCode(input)).isEqualTo("image_too_large");
    }

    @Test
    void anUnknownModelIsReportedAsSuch() {
        byte[] input = TestImages.png(TestImages.rgb(8, 8, 1));
        assertThatThrownBy(() -> engine.upscale(input, UpscaleSpec.byScale("no-such-model", 4, OutputFormat.PNG), new ByteArrayOutputStream(), null))
                .isInstanceOfSatisfying(UpscaleFailure.class, f -> assertThat(f.code()).isEqualTo("unknown_model"));
        assertThatThrownBy(() -> engine.upscale(input, UpscaleSpec.byScale("../etc/passwd", 4, OutputFormat.PNG), new ByteArrayOutputStream(), null))
                .isInstanceOfSatisfying(UpscaleFailure.class, f -> assertThat(f.code()).isEqualTo("unknown_model"));
    }
}
