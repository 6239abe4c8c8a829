package io.headshots.generator.engine.compositing;

import java.util.SplittableRandom;

import io.headshots.contracts.Styles;

/**
 * The last steps on the composite: skin-safe sharpening of the person, the style's grade (colour
 * matrix, saturation, contrast), and a fine seeded grain that gives the photo and the painted
 * backdrop one texture.
 */
final class Finishing {
    private static final float GRAIN = 0.007f;

    private Finishing() {
    }

    static void apply(RgbImage image, float[] alpha, Styles.Grade grade, long seed) {
        sharpen(image, alpha, (float) grade.sharpen());
        grade(image, grade);
        grain(image, seed);
    }

    /**
     * Unsharp mask on luminance, on the person only. Skin (a YCbCr range) gets a third of the amount
     * and tiny differences none, so pores and sensor noise are not turned into texture: crisp eyes,
     * hair and fabric without plastic or gritty skin.
     */
    static void sharpen(RgbImage image, float[] alpha, float amount) {
        if (amount <= 0) {
            return;
        }
        int w = image.width;
        int h = image.height;
        float[] luma = image.lumaPlane();
        float[] soft = Filters.gaussian(luma, w, h, Math.max(1f, w / 700f));
        for (int i = 0; i < luma.length; i++) {
            if (alpha[i] <= 0) {
                continue;
            }
            float detail = luma[i] - soft[i];
            float gate = Colours.smoothstep(0.004f, 0.02f, Math.abs(detail));
            float cb = 0.5f + (-0.1687f * image.r[i] - 0.3313f * image.g[i] + 0.5f * image.b[i]);
            float cr = 0.5f + (0.5f * image.r[i] - 0.4187f * image.g[i] - 0.0813f * image.b[i]);
            boolean skin = cb > 77 / 255f && cb < 127 / 255f && cr > 133 / 255f && cr < 173 / 255f;
            float k = 1.6f * amount * alpha[i] * gate * (skin ? 0.33f : 1f) * detail;
            image.r[i] += k;
            image.g[i] += k;
            image.b[i] += k;
        }
    }

    static void grade(RgbImage image, Styles.Grade grade) {
        float[] m = new float[9];
        for (int i = 0; i < 9; i++) {
            m[i] = grade.matrix().get(i).floatValue();
        }
        float or = grade.offset().get(0).floatValue();
        float og = grade.offset().get(1).floatValue();
        float ob = grade.offset().get(2).floatValue();
        float saturation = (float) grade.saturation();
        float contrast = (float) grade.contrast() - 1;
        for (int i = 0; i < image.r.length; i++) {
            float r = Colours.clamp(image.r[i]);
            float g = Colours.clamp(image.g[i]);
            float b = Colours.clamp(image.b[i]);
            float r2 = m[0] * r + m[1] * g + m[2] * b + or;
            float g2 = m[3] * r + m[4] * g + m[5] * b + og;
            float b2 = m[6] * r + m[7] * g + m[8] * b + ob;
            float y = 0.299f * r2 + 0.587f * g2 + 0.114f * b2;
            r2 = y + (r2 - y) * saturation;
            g2 = y + (g2 - y) * saturation;
            b2 = y + (b2 - y) * saturation;
            image.r[i] = curve(Colours.clamp(r2), contrast);
            image.g[i] = curve(Colours.clamp(g2), contrast);
            image.b[i] = curve(Colours.clamp(b2), contrast);
        }
    }

    /** An S-curve with slope {@code 1 + contrast} at mid grey that keeps black and white where they are. */
    private static float curve(float x, float contrast) {
        float s = x * x * (3 - 2 * x);
        return Colours.clamp(x + contrast * 2 * (s - x));
    }

    private static void grain(RgbImage image, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < image.r.length; i++) {
            float n = (float) (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * GRAIN * 2;
            image.r[i] = Colours.clamp(image.r[i] + n);
            image.g[i] = Colours.clamp(image.g[i] + n);
            image.b[i] = Colours.clamp(image.b[i] + n);
        }
    }
}
