package io.headshots.contracts;

import java.util.List;
import java.util.Optional;

/**
 * The headshot styles the API offers. Names are part of the API and of storage keys; how a style
 * is rendered (backdrop, light, grade) belongs to the generator's engines, keyed by these names.
 */
public final class Styles {
    private static final List<Style> ALL = List.of(
            new Style("corporate", "Neutral grey backdrop, soft key light, business attire look"),
            new Style("studio", "Seamless studio backdrop with classic three-point lighting"),
            new Style("outdoor", "Natural daylight with a softly blurred green background"),
            new Style("office", "Blurred modern office interior behind the subject"),
            new Style("creative", "Bold coloured backdrop with a contrasty grade"),
            new Style("monochrome", "Black and white portrait with rich tonal range"),
            new Style("warm", "Warm golden-hour tones and a gentle backdrop"),
            new Style("tech", "Dark backdrop with cool accent lighting"));

    private Styles() {
    }

    /** One offered style. */
    public record Style(String name, String description) {
    }

    public static List<Style> all() {
        return ALL;
    }

    public static Optional<Style> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
