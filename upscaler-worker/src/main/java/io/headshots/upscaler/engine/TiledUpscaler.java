package io.headshots.upscaler.engine;

import ai.onnxruntime.OrtException;

import java.util.List;

/**
 * Runs a model over an image tile by tile, row of tiles by row of tiles, blending
 * overlaps with {@link FeatherRamp} weights into an {@link OutputCanvas}. Tiles of one row
 * go to the model up to {@code tilesPerRun} at a time (several only on a GPU, where one
 * call per tile would leave it idle between calls). Checks for cancellation before each
 * call and reports progress after each tile.
 */
final class TiledUpscaler {

    private final UpscaleModel model;
    private final int overlap;
    private final int tilesPerRun;

    /**
     * @param overlap     requested overlap in input pixels (see {@link TileLayout#of})
     * @param tilesPerRun tiles per model call; more than 1 needs a model with a free batch dimension
     */
    TiledUpscaler(UpscaleModel model, int overlap, int tilesPerRun) {
        this.model = model;
        this.overlap = overlap;
        this.tilesPerRun = tilesPerRun;
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
        int perRun = Math.max(1, Math.min(tilesPerRun, columns.size()));
        int total = layout.count();
        int done = 0;
        try (TileRunner runner = model.runner(tw, th, perRun)) {
            float[] input = new float[Math.multiplyExact(runner.inputFloats(), perRun)];
            for (int r = 0; r < rows.size(); r++) {
                TileLayout.Span row = rows.get(r);
                float[] wy = ramp.weights(th * s, r > 0, r < rows.size() - 1);
                for (int first = 0; first < columns.size(); first += perRun) {
                    if (listener.cancelled()) {
                        throw new UpscaleFailure(UpscaleFailure.CANCELED, "upscale canceled after " + done + " of " + total + " tiles");
                    }
                    int count = Math.min(perRun, columns.size() - first);
                    for (int k = 0; k < count; k++) {
                        source.readRgb(columns.get(first + k).start(), row.start(), tw, th, input, k * runner.inputFloats());
                    }
                    float[] output = runTiles(runner, input, count, done, total);
                    for (int k = 0; k < count; k++) {
                        int c = first + k;
                        float[] wx = ramp.weights(tw * s, c > 0, c < columns.size() - 1);
                        if (!blender.add(output, k * runner.outputFloats(), columns.get(c).start() * s, row.start() * s,
                                tw * s, th * s, wx, wy)) {
                            throw new UpscaleFailure(UpscaleFailure.TILE_FAILED,
                                    "model " + model.name() + " returned non-finite values for tile " + (done + 1) + " of " + total);
                        }
                        listener.tileDone(++done, total);
                    }
                }
                int finishedUntil = r + 1 < rows.size() ? rows.get(r + 1).start() * s : canvas.height();
                blender.flush(finishedUntil, canvas);
            }
        }
    }

    private float[] runTiles(TileRunner runner, float[] input, int count, int done, int total) {
        try {
            return runner.run(input, count);
        } catch (OrtException | RuntimeException e) {
            String which = count == 1 ? "tile " + (done + 1) : "tiles " + (done + 1) + ".." + (done + count);
            throw new UpscaleFailure(UpscaleFailure.TILE_FAILED,
                    "model " + model.name() + " failed on " + which + " of " + total + ": " + e.getMessage(), e);
        }
    }
}
