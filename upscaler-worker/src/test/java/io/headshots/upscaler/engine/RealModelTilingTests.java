package io.headshots.upscaler.engine;

import io.headshots.models.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tiling against a real converted Real-ESRGAN model (fetched and converted once into the cache). */
class RealModelTilingTests {

    static final String MODEL = "realesrgan-x4fast";
    static ModelDirectory models;
    static UpscaleEngine engine;

    @BeforeAll
    static void openEngine() {
        Path file = ModelStore.defaultStore().ensure(MODEL);
        models = new ModelDirectory(file.getParent());
        engine = new UpscaleEngine(EngineOptions.defaults(), models);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    private static BufferedImage upscale(UpscaleEngine with, byte[] input, UpscaleSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        with.upscale(input, spec, out, null);
        return TestImages.decode(out.toByteArray());
    }

    @Test
    void tiledOutputOfARealModelMatchesUntiledWithoutSeams() {
        byte[] input = TestImages.png(TestImages.rgb(128, 96, 11));
        UpscaleSpec spec = UpscaleSpec.byScale(MODEL, 4, OutputFormat.PNG);

        BufferedImage whole = upscale(engine, input, spec.withTileSize(256));
        BufferedImage tiled = upscale(engine, input, spec.withTileSize(64));

        assertThat(tiled.getWidth()).isEqualTo(512);
        assertThat(tiled.getHeight()).isEqualTo(384);
        double psnr = TestImages.psnr(whole, tiled);
        System.out.printf("%s tiled(64, overlap %d) vs untiled PSNR: %.2f dB%n", MODEL, EngineOptions.DEFAULT_OVERLAP, psnr);
        assertThat(psnr).isGreaterThanOrEqualTo(45.0);
    }

    @Test
    void aRealModelKeepsAlphaAndGivesTheExactBox() {
        byte[] input = TestImages.png(TestImages.rgbaHalfTransparent(60, 45, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UpscaleOutcome outcome = engine.upscale(input, UpscaleSpec.toBox(MODEL, 300, 300, OutputFormat.PNG), out, null);

        BufferedImage image = TestImages.decode(out.toByteArray());
        assertThat(outcome.width()).isEqualTo(300);
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(300);
        // The 45x45 centre crop spans columns 7..51: its left 23 columns are transparent.
        assertThat(image.getRaster().getSample(20, 150, 3)).isZero();
        assertThat(image.getRaster().getSample(280, 150, 3)).isEqualTo(255);
    }
}
