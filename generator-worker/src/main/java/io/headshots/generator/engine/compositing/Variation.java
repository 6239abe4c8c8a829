package io.headshots.generator.engine.compositing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.headshots.contracts.Styles;

/**
 * What makes one output of a style differ from another, so that a set of one style is worth having:
 * the framing (medium or close), the key light's side and strength, the grade (exposure, warmth,
 * contrast) and the backdrop's layout and hue. Framing and key side follow the variant (0: medium,
 * the style's own key side; 1: close; 2: medium, key from the other side; 3: close, other side; then
 * again), so any four outputs of a style show all four; the rest is drawn from a seed of the style
 * name and the variant only, so the same task always renders the same image.
 *
 * @param hueShift    backdrop hue rotation, degrees
 * @param keyAngle    key light direction, degrees clockwise from straight up
 * @param keyStrength multiplier of the style's key strength
 * @param scale       multiplier of the face size in the frame (close framing included)
 * @param glowOffset  horizontal shift of the backdrop's pool of light, fraction of the side
 * @param exposure    multiplier of the grade's colour matrix
 * @param warmth      added to red and taken from blue after the grade's matrix (none for a grey style)
 * @param contrast    multiplier of the grade's contrast
 * @param seed        seed of the procedural backdrop (texture, bokeh, bands) and the grain
 */
record Variation(double hueShift, double keyAngle, double keyStrength, double scale, double glowOffset,
        double exposure, double warmth, double contrast, long seed) {

    /** Face size of a close framing relative to a medium one (eyes 0.16 instead of 0.13 of the side apart). */
    static final double CLOSE = 1.23;

    static Variation of(Styles.Style style, int variant) {
        long seed = mix(style.name().hashCode() * 0x9E3779B97F4A7C15L + variant);
        SplittableRandom random = new SplittableRandom(seed);
        Styles.Variation v = style.look().variation();
        boolean close = (variant & 1) == 1;
        boolean otherSide = ((variant >> 1) & 1) == 1;
        double keyAngle = style.look().light().keyAngle();
        return new Variation(
                symmetric(random) * v.hue(),
                (otherSide ? -keyAngle : keyAngle) + symmetric(random) * v.light(),
                0.8 + 0.5 * random.nextDouble(),
                (close ? CLOSE : 1.0) * (1 + symmetric(random) * v.scale()),
                symmetric(random) * 0.18,
                1 + symmetric(random) * 0.06,
                style.look().grade().saturation() > 0 ? symmetric(random) * 0.03 : 0,
                1 + symmetric(random) * 0.12,
                random.nextLong());
    }

    /** The style's light with this output's key strength. */
    Styles.Light light(Styles.Light light) {
        return new Styles.Light(light.keyAngle(), Math.min(1, light.keyStrength() * keyStrength), light.fillRatio(),
                light.keyColour(), light.rimStrength(), light.rimColour());
    }

    /** The style's grade with this output's exposure, warmth and contrast. */
    Styles.Grade grade(Styles.Grade grade) {
        List<Double> matrix = new ArrayList<>();
        for (double m : grade.matrix()) {
            matrix.add(m * exposure);
        }
        List<Double> offset = new ArrayList<>(grade.offset());
        offset.set(0, offset.get(0) + warmth);
        offset.set(2, offset.get(2) - warmth);
        return new Styles.Grade(matrix, offset, grade.contrast() * contrast, grade.saturation(), grade.sharpen());
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
