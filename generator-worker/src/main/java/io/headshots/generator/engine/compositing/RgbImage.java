package io.headshots.generator.engine.compositing;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A planar RGB image, samples in 0..1 (sRGB-encoded), the working form of every compositing step.
 * Planes are exposed: the steps are tight loops over them.
 */
final class RgbImage {
    final int width;
    final int height;
    final float[] r;
    final float[] g;
    final float[] b;

    RgbImage(int width, int height) {
        this.width = width;
        this.height = height;
        int n = width * height;
        this.r = new float[n];
        this.g = new float[n];
        this.b = new float[n];
    }

    static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        RgbImage out = new RgbImage(w, h);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = y * w + x;
                out.r[i] = ((p >> 16) & 0xFF) / 255f;
                out.g[i] = ((p >> 8) & 0xFF) / 255f;
                out.b[i] = (p & 0xFF) / 255f;
            }
        }
        return out;
    }

    /**
     * 8-bit RGB, with a seeded sub-quantum dither so smooth backdrop gradients do not band; the same
     * seed gives the same pixels.
     */
    BufferedImage toBufferedImage(long ditherSeed) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(ditherSeed);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                float d = (float) (random.nextDouble() + random.nextDouble() - 1.0); // triangular, -1..1
                row[x] = (quantise(r[i], d) << 16) | (quantise(g[i], d) << 8) | quantise(b[i], d);
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    private static int quantise(float v, float dither) {
        int q = Math.round(v * 255f + dither * 0.5f);
        return q < 0 ? 0 : Math.min(255, q);
    }

    float luma(int i) {
        return 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
    }

    float[] lumaPlane() {
        float[] y = new float[width * height];
        for (int i = 0; i < y.length; i++) {
            y[i] = luma(i);
        }
        return y;
    }

    /** Bilinear sample of all three planes at (x, y) in pixel-centre coordinates, edges clamped. */
    void sampleBilinear(float x, float y, float[] rgb) {
        float fx = Math.max(0, Math.min(width - 1, x));
        float fy = Math.max(0, Math.min(height - 1, y));
        int x0 = (int) fx;
        int y0 = (int) fy;
        int x1 = Math.min(width - 1, x0 + 1);
        int y1 = Math.min(height - 1, y0 + 1);
        float ax = fx - x0;
        float ay = fy - y0;
        int i00 = y0 * width + x0;
        int i01 = y0 * width + x1;
        int i10 = y1 * width + x0;
        int i11 = y1 * width + x1;
        rgb[0] = lerp2(r, i00, i01, i10, i11, ax, ay);
        rgb[1] = lerp2(g, i00, i01, i10, i11, ax, ay);
        rgb[2] = lerp2(b, i00, i01, i10, i11, ax, ay);
    }

    private static float lerp2(float[] p, int i00, int i01, int i10, int i11, float ax, float ay) {
        float top = p[i00] + (p[i01] - p[i00]) * ax;
        float bottom = p[i10] + (p[i11] - p[i10]) * ax;
        return top + (bottom - top) * ay;
    }

    /** Catmull-Rom bicubic sample at (x, y), edges clamped; for enlarging without mush. */
    void sampleBicubic(float x, float y, float[] rgb) {
        float fx = Math.max(0, Math.min(width - 1, x));
        float fy = Math.max(0, Math.min(height - 1, y));
        int xi = (int) Math.floor(fx);
        int yi = (int) Math.floor(fy);
        float tx = fx - xi;
        float ty = fy - yi;
        float[] wx = weights(tx);
        float[] wy = weights(ty);
        float sr = 0;
        float sg = 0;
        float sb = 0;
        for (int j = 0; j < 4; j++) {
            int yy = Math.max(0, Math.min(height - 1, yi - 1 + j));
            float rr = 0;
            float gg = 0;
            float bb = 0;
            for (int k = 0; k < 4; k++) {
                int xx = Math.max(0, Math.min(width - 1, xi - 1 + k));
                int i = yy * width + xx;
                rr += wx[k] * r[i];
                gg += wx[k] * g[i];
                bb += wx[k] * b[i];
            }
            sr += wy[j] * rr;
            sg += wy[j] * gg;
            sb += wy[j] * bb;
        }
        rgb[0] = Math.max(0, Math.min(1, sr));
        rgb[1] = Math.max(0, Math.min(1, sg));
        rgb[2] = Math.max(0, Math.min(1, sb));
    }

    private static float[] weights(float t) {
        float t2 = t * t;
        float t3 = t2 * t;
        return new float[]{
                0.5f * (-t3 + 2 * t2 - t),
                0.5f * (3 * t3 - 5 * t2 + 2),
                0.5f * (-3 * t3 + 4 * t2 + t),
                0.5f * (t3 - t2)};
    }

    /** Box-averaged reduction by an integer factor (exact area average; the right edge and bottom are cut). */
    RgbImage shrink(int factor) {
        if (factor <= 1) {
            return this;
        }
        int w = Math.max(1, width / factor);
        int h = Math.max(1, height / factor);
        RgbImage out = new RgbImage(w, h);
        float norm = 1f / (factor * factor);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sr = 0;
                float sg = 0;
                float sb = 0;
                for (int j = 0; j < factor; j++) {
                    int base = (y * factor + j) * width + x * factor;
                    for (int k = 0; k < factor; k++) {
                        sr += r[base + k];
                        sg += g[base + k];
                        sb += b[base + k];
                    }
                }
                int o = y * w + x;
                out.r[o] = sr * norm;
                out.g[o] = sg * norm;
                out.b[o] = sb * norm;
            }
        }
        return out;
    }

    /** A resize to exactly {@code w} x {@code h}: integer area reduction first, then bilinear. */
    RgbImage resize(int w, int h) {
        int factor = Math.max(1, Math.min(width / w, height / h));
        RgbImage source = shrink(factor);
        RgbImage out = new RgbImage(w, h);
        float sx = (float) source.width / w;
        float sy = (float) source.height / h;
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                source.sampleBilinear((x + 0.5f) * sx - 0.5f, (y + 0.5f) * sy - 0.5f, rgb);
                int i = y * w + x;
                out.r[i] = rgb[0];
                out.g[i] = rgb[1];
                out.b[i] = rgb[2];
            }
        }
        return out;
    }
}
