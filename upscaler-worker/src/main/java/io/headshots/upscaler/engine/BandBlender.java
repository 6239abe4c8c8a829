package io.headshots.upscaler.engine;

import java.util.Arrays;

/**
 * Accumulates feathered tile outputs for one band of output rows and hands finished rows
 * to the {@link OutputCanvas}. The window is one tile tall: rows shared with the next tile
 * row stay in it (shifted to the top) until that row of tiles has been added, so at most
 * one band of tile outputs is held, whatever the image height.
 */
final class BandBlender {

    private final int width;
    private final int windowRows;
    private final float[][] sums;
    private final float[] weights;
    private int windowTop;

    /**
     * @param width      output width in pixels
     * @param windowRows output rows of one tile
     */
    BandBlender(int width, int windowRows) {
        this.width = width;
        this.windowRows = windowRows;
        int size = Math.multiplyExact(width, windowRows);
        this.sums = new float[][]{new float[size], new float[size], new float[size]};
        this.weights = new float[size];
    }

    /**
     * Adds one tile's output, weighted by {@code wx[x] * wy[y]}.
     *
     * @param tiles  holds the tile's planar RGB, 3 x th x tw, from {@code offset} on
     * @param x0     output column of the tile's left edge
     * @param y0     output row of the tile's top edge; within the window
     * @return false if the tile holds a non-finite value (nothing usable was added)
     */
    boolean add(float[] tiles, int offset, int x0, int y0, int tw, int th, float[] wx, float[] wy) {
        int plane = tw * th;
        for (int i = offset; i < offset + 3 * plane; i++) {
            if (!Float.isFinite(tiles[i])) {
                return false;
            }
        }
        int top = y0 - windowTop;
        if (top < 0 || top + th > windowRows) {
            throw new IllegalStateException("tile rows " + y0 + ".." + (y0 + th) + " outside window at " + windowTop);
        }
        for (int y = 0; y < th; y++) {
            int dst = (top + y) * width + x0;
            int src = offset + y * tw;
            float rowWeight = wy[y];
            for (int x = 0; x < tw; x++) {
                float w = rowWeight * wx[x];
                weights[dst + x] += w;
                sums[0][dst + x] += w * tiles[src + x];
                sums[1][dst + x] += w * tiles[plane + src + x];
                sums[2][dst + x] += w * tiles[2 * plane + src + x];
            }
        }
        return true;
    }

    /**
     * Writes rows {@code [windowTop, untilRow)} to the canvas, normalised by their weights,
     * and slides the window down to start at {@code untilRow}.
     */
    void flush(int untilRow, OutputCanvas canvas) {
        int done = untilRow - windowTop;
        if (done <= 0) {
            return;
        }
        float[] r = new float[width];
        float[] g = new float[width];
        float[] b = new float[width];
        for (int y = 0; y < done; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                float w = weights[row + x];
                float inv = w > 0 ? 1f / w : 0f;
                r[x] = sums[0][row + x] * inv;
                g[x] = sums[1][row + x] * inv;
                b[x] = sums[2][row + x] * inv;
            }
            canvas.writeRow(windowTop + y, r, g, b);
        }
        int keep = Math.max(0, windowRows - done) * width;
        int from = Math.min(done, windowRows) * width;
        for (float[] channel : sums) {
            System.arraycopy(channel, from, channel, 0, keep);
            Arrays.fill(channel, keep, channel.length, 0f);
        }
        System.arraycopy(weights, from, weights, 0, keep);
        Arrays.fill(weights, keep, weights.length, 0f);
        windowTop = untilRow;
    }
}
