package io.headshots.upscaler.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several tiles per model call (the GPU path) make the same image as one tile per call. */
class TileBatchingTests {

    @TempDir
    Path dir;

    private BufferedImage upscale(UpscaleModel model, int tilesPerRun) {
        SourceImage source = SourceImage.of(TestImages.rgb(100, 70, 5), 1);
        // 3 columns of 40 px: with 2 per call, one full batch and a remainder of 1 per row.
        TileLayout layout = TileLayout.of(100, 70, 40, 10);
        OutputCanvas canvas = new OutputCanvas(400, 280, 3, 8);
        new TiledUpscaler(model, 10, tilesPerRun).run(source, layout, canvas, UpscaleListener.NONE);
        return canvas.image();
    }

    @Test
    void batchedTilesGiveTheSameImageAsOneTileAtATime() throws Exception {
        TinyModels.writeAll(dir);
        try (UpscaleModel model = UpscaleModel.load(TinyModels.X4_BATCH, dir.resolve(TinyModels.X4_BATCH + ".onnx"),
                new SessionTuning(EngineOptions.defaults()))) {
            assertThat(model.batchable()).isTrue();

            BufferedImage single = upscale(model, 1);
            BufferedImage batched = upscale(model, 2);

            assertThat(TestImages.psnr(single, batched)).isGreaterThanOrEqualTo(60.0);
        }
    }

    @Test
    void aModelWithAFixedBatchOfOneIsNeverGivenMore() throws Exception {
        TinyModels.writeAll(dir);
        SessionTuning cpu = new SessionTuning(EngineOptions.defaults());
        try (UpscaleModel model = UpscaleModel.load(TinyModels.X4, dir.resolve(TinyModels.X4 + ".onnx"), cpu)) {
            assertThat(model.batchable()).isFalse();
            assertThat(cpu.tilesPerRun(model)).isEqualTo(1);
            assertThatThrownBy(() -> model.runner(40, 40, 2)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
