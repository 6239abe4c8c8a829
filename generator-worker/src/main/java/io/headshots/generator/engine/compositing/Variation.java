package io.headshots.generator.engine.compositing;

import java.util.SplittableRandom;

import io.headshots.contracts.Styles;

/**
 * What makes one output of a style differ from another: drawn from a seed that depends only on the
 * style and the variant, so the same task always renders the same image.
 *
 * @param hueShift   backdrop hue rotation, degrees
 * @param keyAngle   key light direction, degrees clockwise from straight up
 * @param scale      multiplier of the face size in the frame
 * @param glowOffset horizontal shift of the backdrop's pool of light, fraction of the side
 * @param seed       seed of the procedural backdrop (texture, bokeh, bands) and the grain
 */
record Variation(double hueShift, double keyAngle, double scale, double glowOffset, long seed) {

    static Variation of(Styles.Style style, int variant) {
        long seed = mix(style.name().hashCode() * 0x9E3779B97F4A7C15L + variant);
        SplittableRandom random = new SplittableRandom(seed);
        Styles.Variation v = style.look().variation();
        return new Variation(
                symmetric(random) * v.hue(),
                style.look().light().keyAngle() + symmetric(random) * v.light(),
                1 + symmetric(random) * v.scale(),
                symmetric(random) * 0.08,
                random.nextLong());
    }

    private static double symmetric(SplittableRandom random) {
        return random.nextDouble() * 2 - 1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
