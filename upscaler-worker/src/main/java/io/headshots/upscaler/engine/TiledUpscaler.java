package io.headshots.upscaler.engine;

import ai.onnxruntime.OrtException;

import java.util.List;

/**
 * Runs a model over an image tile by tile, row of tiles by row of tiles, blending
 * overlaps with {@link FeatherRamp} weights into an {@link OutputCanvas}. Checks for
 * cancellation before each tile and reports progress after each.
 */
final class TiledUpscaler {

    private final UpscaleModel model;
    private final int overlap;

    /** @param overlap requested overlap in input pixels (see {@link TileLayout#of}) */
    TiledUpscaler(UpscaleModel model, int overlap) {
        this.model = model;
        this.overlap = overlap;
    }

    /**
     * Fills {@code canvas} (the source at the model's scale) from {@code source}.
     *
     * @throws UpscaleFailure {@code tile_failed} or {@code canceled}
     */
    void run(SourceImage source, TileLayout layout, OutputCanvas canvas, UpscaleListener listener) {
        int s = model.scale();
        int tw = layout.tileWidth();
        int th = layout.tileHeight();
        List<TileLayout.Span> columns = layout.columns();
        List<TileLayout.Span> rows = layout.rows();
        FeatherRamp ramp = new FeatherRamp(Math.min(overlap, Math.min(tw, th) / 4) * s);
        BandBlender blender = new BandBlender(canvas.width(), th * s);
        float[] input = new float[3 * tw * th];
        int total = layout.count();
        int done = 0;
        try (TileRunner runner = model.runner(tw, th)) {
            for (int r = 0; r < rows.size(); r++) {
                TileLayout.Span row = rows.get(r);
                float[] wy = ramp.weights(th * s, r > 0, r < rows.size() - 1);
                for (int c = 0; c < columns.size(); c++) {
                    if (listener.cancelled()) {
                        throw new UpscaleFailure(UpscaleFailure.CANCELED, "upscale canceled after " + done + " of " + total + " tiles");
                    }
                    TileLayout.Span column = columns.get(c);
                    float[] wx = ramp.weights(tw * s, c > 0, c < columns.size() - 1);
                    source.readRgb(column.start(), row.start(), tw, th, input);
                    float[] output = runTile(runner, input, done, total);
                    if (!blender.add(output, column.start() * s, row.start() * s, tw * s, th * s, wx, wy)) {
                        throw new UpscaleFailure(UpscaleFailure.TILE_FAILED,
                                "model " + model.name() + " returned non-finite values for tile " + (done + 1) + " of " + total);
                    }
                    listener.tileDone(++done, total);
                }
                int finishedUntil = r + 1 < rows.size() ? rows.get(r + 1).start() * s : canvas.height();
                blender.flush(finishedUntil, canvas);
            }
        } catch (OrtException e) {
            throw new UpscaleFailure(UpscaleFailure.TILE_FAILED, "model " + model.name() + " could not prepare tiles: " + e.getMessage(), e);
        }
    }

    private float[] runTile(TileRunner runner, float[] input, int done, int total) {
        try {
            return runner.run(input);
        } catch (OrtException | RuntimeException e) {
            throw new UpscaleFailure(UpscaleFailure.TILE_FAILED,
                    "model " + model.name() + " failed on tile " + (done + 1) + " of " + total + ": " + e.getMessage(), e);
        }
    }
}
