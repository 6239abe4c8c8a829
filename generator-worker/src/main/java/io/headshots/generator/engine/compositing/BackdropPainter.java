package io.headshots.generator.engine.compositing;

import java.util.SplittableRandom;

import io.headshots.contracts.Styles;

/**
 * Paints a style's backdrop procedurally: a vertical gradient, a soft pool of light behind the head,
 * a mottled canvas texture, soft vertical bands (a blurred interior), out-of-focus discs (bokeh), a
 * vignette, then the variant's hue shift. Everything is drawn from the variation's seed.
 */
final class BackdropPainter {
    private BackdropPainter() {
    }

    static RgbImage paint(Styles.Backdrop spec, Variation variation, int size) {
        SplittableRandom random = new SplittableRandom(variation.seed());
        RgbImage out = new RgbImage(size, size);
        float[] top = Colours.parse(spec.top());
        float[] bottom = Colours.parse(spec.bottom());
        float[] glow = Colours.parse(spec.glowColour());
        float[] texture = spec.texture() > 0 ? valueNoise(size, random) : null;
        float[] columns = spec.stripes() > 0 ? bands(size, random, 7, 0.04, 0.14) : null;
        float[] rows = spec.stripes() > 0 ? bands(size, random, 2, 0.02, 0.06) : null;
        float glowX = (float) (0.5 + variation.glowOffset()) * size;
        float glowY = 0.36f * size;
        float glowSigma2 = 2 * (0.33f * size) * (0.33f * size);
        for (int y = 0; y < size; y++) {
            float t = Colours.smoothstep(0, 1, (float) y / (size - 1));
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                float r = top[0] + (bottom[0] - top[0]) * t;
                float g = top[1] + (bottom[1] - top[1]) * t;
                float b = top[2] + (bottom[2] - top[2]) * t;
                float dx = x - glowX;
                float dy = y - glowY;
                float pool = (float) (spec.glow() * Math.exp(-(dx * dx + dy * dy) / glowSigma2));
                r += (glow[0] - r) * pool;
                g += (glow[1] - g) * pool;
                b += (glow[2] - b) * pool;
                float light = 1;
                if (texture != null) {
                    light += (float) spec.texture() * (texture[i] - 0.5f) * 2f;
                }
                if (columns != null) {
                    light += (float) spec.stripes() * (columns[x] * 0.6f - rows[y] * 0.35f);
                }
                out.r[i] = r * light;
                out.g[i] = g * light;
                out.b[i] = b * light;
            }
        }
        if (spec.bokeh() > 0) {
            bokeh(out, spec, random);
        }
        finish(out, (float) spec.vignette(), Colours.hueRotation(variation.hueShift()));
        return out;
    }

    /** Three octaves of smooth value noise, 0..1, the look of a hand-painted canvas backdrop. */
    private static float[] valueNoise(int size, SplittableRandom random) {
        float[] sum = new float[size * size];
        int[] cells = {4, 9, 21};
        float[] weights = {0.55f, 0.3f, 0.15f};
        for (int o = 0; o < cells.length; o++) {
            int n = cells[o] + 1;
            float[] grid = new float[n * n];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (float) random.nextDouble();
            }
            float cell = (float) size / cells[o];
            for (int y = 0; y < size; y++) {
                float fy = y / cell;
                int gy = Math.min(n - 2, (int) fy);
                float ty = Colours.smoothstep(0, 1, fy - gy);
                for (int x = 0; x < size; x++) {
                    float fx = x / cell;
                    int gx = Math.min(n - 2, (int) fx);
                    float tx = Colours.smoothstep(0, 1, fx - gx);
                    float a = grid[gy * n + gx] + (grid[gy * n + gx + 1] - grid[gy * n + gx]) * tx;
                    float b = grid[(gy + 1) * n + gx] + (grid[(gy + 1) * n + gx + 1] - grid[(gy + 1) * n + gx]) * tx;
                    sum[y * size + x] += weights[o] * (a + (b - a) * ty);
                }
            }
        }
        return sum;
    }

    /** Soft bands along one axis, -1..1: light windows and darker shelves seen out of focus. */
    private static float[] bands(int size, SplittableRandom random, int count, double minWidth, double maxWidth) {
        float[] profile = new float[size];
        for (int k = 0; k < count; k++) {
            double centre = random.nextDouble() * size;
            double half = (minWidth + random.nextDouble() * (maxWidth - minWidth)) * size / 2;
            float sign = random.nextDouble() < 0.7 ? 1f : -0.6f;
            double soft = Math.max(2, half * 0.5);
            for (int x = 0; x < size; x++) {
                double d = Math.abs(x - centre) - half;
                profile[x] += sign * (float) (d <= 0 ? 1 : Math.exp(-(d * d) / (2 * soft * soft)));
            }
        }
        for (int x = 0; x < size; x++) {
            profile[x] = Math.max(-1, Math.min(1, profile[x]));
        }
        return profile;
    }

    /** Out-of-focus discs, screened on, mostly above the shoulders where they stay visible. */
    private static void bokeh(RgbImage out, Styles.Backdrop spec, SplittableRandom random) {
        int size = out.width;
        for (int k = 0; k < spec.bokeh(); k++) {
            float cx = (float) random.nextDouble() * size;
            float cy = (float) (random.nextDouble() * 0.8) * size;
            float radius = (float) (0.02 + random.nextDouble() * 0.06) * size;
            float opacity = (float) (0.10 + random.nextDouble() * 0.30);
            float[] colour = Colours.parse(spec.bokehColours().get(random.nextInt(spec.bokehColours().size())));
            float soft = Math.max(2f, radius * 0.18f);
            int x0 = Math.max(0, (int) (cx - radius - soft));
            int x1 = Math.min(size - 1, (int) (cx + radius + soft));
            int y0 = Math.max(0, (int) (cy - radius - soft));
            int y1 = Math.min(size - 1, (int) (cy + radius + soft));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    float d = (float) Math.hypot(x - cx, y - cy);
                    float edge = 1 - Colours.smoothstep(radius - soft, radius + soft, d);
                    if (edge <= 0) {
                        continue;
                    }
                    // a slightly brighter rim, as real lens bokeh has
                    float rim = 0.85f + 0.15f * Colours.smoothstep(radius * 0.6f, radius, d);
                    float a = opacity * edge * rim;
                    int i = y * size + x;
                    out.r[i] = 1 - (1 - out.r[i]) * (1 - a * colour[0]);
                    out.g[i] = 1 - (1 - out.g[i]) * (1 - a * colour[1]);
                    out.b[i] = 1 - (1 - out.b[i]) * (1 - a * colour[2]);
                }
            }
        }
    }

    private static void finish(RgbImage out, float vignette, float[] hue) {
        int size = out.width;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                float dx = (x - 0.5f * size) / size;
                float dy = (y - 0.45f * size) / size;
                float d = (float) Math.sqrt(dx * dx + dy * dy) / 0.72f;
                float v = 1 - vignette * Colours.smoothstep(0.35f, 1.0f, d);
                float r = out.r[i];
                float g = out.g[i];
                float b = out.b[i];
                out.r[i] = Colours.clamp((hue[0] * r + hue[1] * g + hue[2] * b) * v);
                out.g[i] = Colours.clamp((hue[3] * r + hue[4] * g + hue[5] * b) * v);
                out.b[i] = Colours.clamp((hue[6] * r + hue[7] * g + hue[8] * b) * v);
            }
        }
    }
}
