package io.headshots.generator.engine.compositing;

/** Separable box and approximate gaussian blurs on one float plane, edges clamped. */
final class Filters {
    private Filters() {
    }

    /** Mean over a (2r+1)^2 window, computed with running sums: cost independent of the radius. */
    static float[] box(float[] src, int w, int h, int radius) {
        if (radius <= 0) {
            return src.clone();
        }
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        float norm = 1f / (2 * radius + 1);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += src[row + clamp(k, w)];
            }
            for (int x = 0; x < w; x++) {
                tmp[row + x] = (float) (sum * norm);
                sum += src[row + clamp(x + radius + 1, w)] - src[row + clamp(x - radius, w)];
            }
        }
        for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += tmp[clamp(k, h) * w + x];
            }
            for (int y = 0; y < h; y++) {
                out[y * w + x] = (float) (sum * norm);
                sum += tmp[clamp(y + radius + 1, h) * w + x] - tmp[clamp(y - radius, h) * w + x];
            }
        }
        return out;
    }

    /** Three box passes: close to a gaussian of sigma about {@code radius}. */
    static float[] gaussian(float[] src, int w, int h, float sigma) {
        int r = Math.max(1, Math.round(sigma));
        return box(box(box(src, w, h, r), w, h, r), w, h, r);
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
