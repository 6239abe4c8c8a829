package io.headshots.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The headshot styles the API offers, read from {@code styles.json} (data, not code). Names are part
 * of the API and of storage keys; each style also carries the parameters the default generator engine
 * renders it with ({@link Look}). Other engines read the name and their own description
 * ({@link Style#description(String)}); the gateway's catalogue shows the configured engine's.
 */
public final class Styles {
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    /**
     * The generator engines whose styles are described apart from the default engine's: each style
     * must describe what each of them does for it ({@link Style#engineDescriptions}).
     */
    public static final List<String> ENGINES_WITH_OWN_DESCRIPTIONS = List.of("diffusion");
    // after the engines: load() reads them
    private static final List<Style> ALL = load();

    private Styles() {
    }

    /**
     * One offered style.
     *
     * @param description        what the default (compositing) engine does for it
     * @param engineDescriptions what each other engine does for it, by engine name
     *                           ({@code generator.engine}): an engine that synthesises clothing and
     *                           backgrounds may promise them, the default engine may not
     */
    public record Style(String name, String description, Map<String, String> engineDescriptions, Look look) {

        /** What the engine named {@code engine} does for this style; the default engine's for any other name. */
        public String description(String engine) {
            return engineDescriptions.getOrDefault(engine, description);
        }
    }

    /** How the default engine renders a style: backdrop, light on the person, and the final grade. */
    public record Look(Backdrop backdrop, Light light, Grade grade, Variation variation) {
    }

    /**
     * A procedural backdrop. Colours are {@code #rrggbb} sRGB.
     *
     * @param top       colour at the top of the vertical gradient
     * @param bottom    colour at the bottom
     * @param glow      brightening of a soft pool of light behind the head, 0..1
     * @param glowColour colour of that pool
     * @param vignette  darkening towards the corners, 0..1
     * @param bokeh     number of out-of-focus discs (0 for a seamless backdrop)
     * @param bokehColours colours the discs are drawn from
     * @param texture   amplitude of a mottled painted-canvas texture, 0..1
     * @param stripes   amplitude of soft vertical bands (windows, shelves of a blurred interior), 0..1
     */
    public record Backdrop(String top, String bottom, double glow, String glowColour, double vignette, int bokeh,
            List<String> bokehColours, double texture, double stripes) {
    }

    /**
     * Light added to the person, guided by the matte.
     *
     * @param keyAngle     direction the key light comes from, degrees clockwise from straight up
     * @param keyStrength  how much the key side is brightened (and the far side darkened), 0..1
     * @param fillRatio    light on the far side relative to the key side, 0..1 (1: flat)
     * @param keyColour    tint of the key light
     * @param rimStrength  brightness of the rim (edge) light on the side opposite the key, 0..1
     * @param rimColour    colour of the rim light
     */
    public record Light(double keyAngle, double keyStrength, double fillRatio, String keyColour, double rimStrength,
            String rimColour) {
    }

    /**
     * The final grade of the whole image.
     *
     * @param matrix     3x3 colour matrix, row-major, applied to linear-ish RGB in 0..1 (R' = m0 R + m1 G + m2 B)
     * @param offset     added after the matrix, per channel (lifts shadows)
     * @param contrast   S-curve strength around mid grey; 1 is unchanged
     * @param saturation 1 unchanged, 0 grey
     * @param sharpen    unsharp-mask amount on the person's luminance (skin gets half), 0..1
     */
    public record Grade(List<Double> matrix, List<Double> offset, double contrast, double saturation,
            double sharpen) {
    }

    /**
     * How much one output of a style differs from another (seeded by the variant).
     *
     * @param hue   backdrop hue shift, plus or minus degrees
     * @param light key angle shift, plus or minus degrees
     * @param scale face scale change, plus or minus fraction
     */
    public record Variation(double hue, double light, double scale) {
    }

    public static List<Style> all() {
        return ALL;
    }

    public static Optional<Style> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static List<Style> load() {
        List<Style> styles;
        try (InputStream in = Styles.class.getResourceAsStream("styles.json")) {
            styles = List.copyOf(Messages.mapper().readValue(in, new TypeReference<List<Style>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new HashSet<>();
        for (Style s : styles) {
            check(s.name() != null && s.name().matches("[a-z][a-z0-9-]*") && names.add(s.name()),
                    "style names must be unique lower-case words: " + s.name());
            check(s.description() != null && !s.description().isBlank(), s.name() + ": description missing");
            for (String engine : ENGINES_WITH_OWN_DESCRIPTIONS) {
                String own = s.engineDescriptions() == null ? null : s.engineDescriptions().get(engine);
                check(own != null && !own.isBlank(), s.name() + ": no description for engine " + engine);
            }
            Backdrop b = s.look().backdrop();
            check(COLOUR.matcher(b.top()).matches() && COLOUR.matcher(b.bottom()).matches()
                    && COLOUR.matcher(b.glowColour()).matches()
                    && b.bokehColours().stream().allMatch(c -> COLOUR.matcher(c).matches())
                    && (b.bokeh() == 0 || !b.bokehColours().isEmpty()), s.name() + ": bad backdrop colours");
            Light l = s.look().light();
            check(COLOUR.matcher(l.keyColour()).matches() && COLOUR.matcher(l.rimColour()).matches(),
                    s.name() + ": bad light colours");
            Grade g = s.look().grade();
            check(g.matrix().size() == 9 && g.offset().size() == 3, s.name() + ": matrix must have 9, offset 3 values");
        }
        return styles;
    }

    private static void check(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalStateException("styles.json: " + reason);
        }
    }
}
