package io.headshots.generator.engine.diffusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;

import io.headshots.contracts.Messages;
import io.headshots.contracts.Styles;

/**
 * How the diffusion engine renders each style, from {@code styles-diffusion.json} (data, beside this
 * class): every style of {@link Styles} must have an entry, so a new style cannot ship without one.
 * What a customer is promised for it is the style's diffusion description in {@code contracts}
 * ({@code Style.description("diffusion")}), which the gateway's catalogue shows when the fleet runs
 * this engine; {@code DiffusionStyleDescriptionsTests} holds it to the prompt.
 */
final class DiffusionStyles {
    private DiffusionStyles() {
    }

    /**
     * @param prompt           positive prompt; {@code {style}} is replaced by the style's description
     * @param negativePrompt   what the unconditional branch of guidance is conditioned on
     * @param steps            denoising steps; 0: the configured default
     * @param guidance         classifier-free guidance scale; 1 runs the conditional branch only
     * @param identityStrength weight of the identity tokens (IP-Adapter scale), 0..1.5
     * @param controlStrength  weight of the keypoint ControlNet residuals, 0..1.5
     * @param size             generation side in pixels (a multiple of 64); the result is resized to the request
     * @param seed             base seed; the request's variant is added
     */
    record Params(String name, String prompt, String negativePrompt, int steps, double guidance,
            double identityStrength, double controlStrength, int size, long seed) {
        Params {
            if (guidance < 1 || steps < 0 || size % 64 != 0 || size < 64) {
                throw new IllegalArgumentException(name + ": guidance >= 1, steps >= 0, size a multiple of 64 >= 64");
            }
        }

        Params withGuidance(double g) {
            return new Params(name, prompt, negativePrompt, steps, g, identityStrength, controlStrength, size, seed);
        }

        Params withSteps(int s) {
            return new Params(name, prompt, negativePrompt, s, guidance, identityStrength, controlStrength, size, seed);
        }

        Params withSize(int s) {
            return new Params(name, prompt, negativePrompt, steps, guidance, identityStrength, controlStrength, s, seed);
        }

        Params withNegativePrompt(String n) {
            return new Params(name, prompt, n, steps, guidance, identityStrength, controlStrength, size, seed);
        }
    }

    private static final Map<String, Params> ALL = load();

    static Params of(Styles.Style style) {
        Params p = ALL.get(style.name());
        if (p == null) {
            throw new IllegalStateException("styles-diffusion.json has no entry for style " + style.name());
        }
        return p;
    }

    static List<Params> all() {
        return List.copyOf(ALL.values());
    }

    private static Map<String, Params> load() {
        List<Params> list;
        try (InputStream in = DiffusionStyles.class.getResourceAsStream("styles-diffusion.json")) {
            list = Messages.mapper().readValue(in, new TypeReference<List<Params>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Params> byName = list.stream().collect(Collectors.toMap(Params::name, Function.identity()));
        for (Styles.Style s : Styles.all()) {
            if (!byName.containsKey(s.name())) {
                throw new IllegalStateException("styles-diffusion.json has no entry for style " + s.name());
            }
        }
        return Map.copyOf(byName);
    }
}
