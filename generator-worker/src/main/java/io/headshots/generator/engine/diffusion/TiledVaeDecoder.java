package io.headshots.generator.engine.diffusion;

import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The VAE decoder over latents of any size: in one call when the image fits one tile, else in
 * overlapping latent tiles whose outputs are blended with weights that fall linearly to the tile's
 * edges across the overlap (so no seams), then normalised. Output: planar RGB in -1..1, [3,H,W].
 */
final class TiledVaeDecoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final int factor;
    private final double scalingFactor;

    TiledVaeDecoder(OrtEnvironment env, OrtSession session, int factor, double scalingFactor) {
        this.env = env;
        this.session = session;
        this.factor = factor;
        this.scalingFactor = scalingFactor;
    }

    /**
     * @param latents [C,h,w], before division by the scaling factor
     * @param tilePixels side of a tile in output pixels
     */
    float[] decode(float[] latents, int channels, int h, int w, int tilePixels) throws OrtException {
        int tile = Math.max(2, tilePixels / factor);
        int overlap = Math.max(1, tile / 8);
        float[] scaled = new float[latents.length];
        for (int i = 0; i < latents.length; i++) {
            scaled[i] = (float) (latents[i] / scalingFactor);
        }
        int H = h * factor, W = w * factor;
        if (h <= tile && w <= tile) {
            return run(scaled, channels, h, w);
        }
        float[] sum = new float[3 * H * W];
        float[] weight = new float[H * W];
        int stride = tile - overlap;
        for (int y0 = 0; ; y0 += stride) {
            int ty = Math.min(y0, Math.max(0, h - tile));
            int th = Math.min(tile, h);
            for (int x0 = 0; ; x0 += stride) {
                int tx = Math.min(x0, Math.max(0, w - tile));
                int tw = Math.min(tile, w);
                float[] part = new float[channels * th * tw];
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < th; y++) {
                        System.arraycopy(scaled, c * h * w + (ty + y) * w + tx, part, c * th * tw + y * tw, tw);
                    }
                }
                float[] out = run(part, channels, th, tw);
                blend(out, th * factor, tw * factor, ty * factor, tx * factor, overlap * factor,
                        ty > 0, ty + th < h, tx > 0, tx + tw < w, sum, weight, W);
                if (tx + tw >= w) {
                    break;
                }
            }
            if (ty + th >= h) {
                break;
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < H * W; i++) {
                sum[c * H * W + i] /= weight[i];
            }
        }
        return sum;
    }

    private float[] run(float[] latents, int channels, int h, int w) throws OrtException {
        try (OnnxTensor in = Feeds.floats(env, session, "latent_sample", latents, 1, channels, h, w);
             OrtSession.Result r = session.run(Map.of("latent_sample", in))) {
            return Feeds.read(r.get("sample").orElseThrow());
        }
    }

    private static void blend(float[] tile, int th, int tw, int oy, int ox, int ramp, boolean top, boolean bottom,
            boolean left, boolean right, float[] sum, float[] weight, int W) {
        int H = weight.length / W;
        for (int y = 0; y < th; y++) {
            float wy = edge(y, th, ramp, top, bottom);
            for (int x = 0; x < tw; x++) {
                float wgt = wy * edge(x, tw, ramp, left, right);
                int o = (oy + y) * W + ox + x;
                weight[o] += wgt;
                for (int c = 0; c < 3; c++) {
                    sum[c * H * W + o] += wgt * tile[c * th * tw + y * tw + x];
                }
            }
        }
    }

    /** 1 inside, falling linearly (never to 0) over {@code ramp} pixels at a side shared with another tile. */
    private static float edge(int i, int n, int ramp, boolean low, boolean high) {
        float w = 1;
        if (low && i < ramp) {
            w = Math.min(w, (i + 0.5f) / ramp);
        }
        if (high && i >= n - ramp) {
            w = Math.min(w, (n - i - 0.5f) / ramp);
        }
        return w;
    }
}
