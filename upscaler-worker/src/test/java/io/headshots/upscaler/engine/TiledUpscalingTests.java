package io.headshots.upscaler.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TiledUpscalingTests {

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

    private static BufferedImage upscale(byte[] input, UpscaleSpec spec, UpscaleListener listener) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.upscale(input, spec, out, listener);
        return TestImages.decode(out.toByteArray());
    }

    @Test
    void tiledOutputMatchesUntiledWithoutSeams() {
        byte[] input = TestImages.png(TestImages.rgb(150, 110, 7));
        UpscaleSpec spec = UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG);

        BufferedImage whole = upscale(input, spec.withTileSize(256), null);
        BufferedImage tiled = upscale(input, spec.withTileSize(48), null);

        double psnr = TestImages.psnr(whole, tiled);
        System.out.printf("tiny-x4 tiled(48) vs untiled PSNR: %.2f dB%n", psnr);
        assertThat(psnr).isGreaterThanOrEqualTo(45.0);
    }

    @Test
    void withoutOverlapTheTileEdgesShow() {
        // Control for the test above: the tiny model really does see past tile edges.
        byte[] input = TestImages.png(TestImages.rgb(150, 110, 7));
        UpscaleSpec spec = UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG);
        try (UpscaleEngine noOverlap = new UpscaleEngine(EngineOptions.defaults().withOverlap(0), new ModelDirectory(models))) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            ByteArrayOutputStream tiled = new ByteArrayOutputStream();
            noOverlap.upscale(input, spec.withTileSize(256), whole, null);
            noOverlap.upscale(input, spec.withTileSize(48), tiled, null);

            double psnr = TestImages.psnr(TestImages.decode(whole.toByteArray()), TestImages.decode(tiled.toByteArray()));
            System.out.printf("tiny-x4 tiled(48) without overlap vs untiled PSNR: %.2f dB%n", psnr);
            assertThat(psnr).isLessThan(45.0);
        }
    }

    @Test
    void reportsEveryTileOnceInOrder() {
        byte[] input = TestImages.png(TestImages.rgb(100, 70, 3));
        List<Integer> done = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        UpscaleListener listener = new UpscaleListener() {
            @Override
            public void tileDone(int d, int total) {
                done.add(d);
                totals.add(total);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UpscaleOutcome outcome = engine.upscale(input, UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG).withTileSize(40), out, listener);

        // 100 px wide in 40 px tiles with 10 px overlap -> 3 columns; 70 high -> 2 rows.
        assertThat(outcome.tiles()).isEqualTo(6);
        assertThat(done).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(totals).containsOnly(6);
    }

    @Test
    void cancellingStopsBeforeTheNextTileAndWritesNothing() {
        byte[] input = TestImages.png(TestImages.rgb(100, 70, 3));
        List<Integer> done = new ArrayList<>();
        UpscaleListener cancelAfterTwo = new UpscaleListener() {
            @Override
            public void tileDone(int d, int total) {
                done.add(d);
            }

            @Override
            public boolean cancelled() {
                return done.size() >= 2;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> engine.upscale(input, UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG).withTileSize(40), out, cancelAfterTwo))
                .isInstanceOfSatisfying(UpscaleFailure.class, f -> assertThat(f.code()).isEqualTo("canceled"));
        assertThat(done).containsExactly(1, 2);
        assertThat(out.size()).isZero();
    }

    @Test
    void aModelReturningNanFailsTheTileInsteadOfWritingABlackPatch() {
        byte[] input = TestImages.png(TestImages.rgb(64, 64, 5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> engine.upscale(input, UpscaleSpec.byScale(TinyModels.NAN, 4, OutputFormat.PNG), out, null))
                .isInstanceOfSatisfying(UpscaleFailure.class, f -> assertThat(f.code()).isEqualTo("tile_failed"));
        assertThat(out.size()).isZero();
    }

    @Test
    void measuresTheScaleOfAModelWithoutMetadata() {
        byte[] input = TestImages.png(TestImages.rgb(30, 20, 5));
        BufferedImage output = upscale(input, UpscaleSpec.byScale(TinyModels.X4_NO_METADATA, 4, OutputFormat.PNG), null);

        assertThat(output.getWidth()).isEqualTo(120);
        assertThat(output.getHeight()).isEqualTo(80);
    }
}
