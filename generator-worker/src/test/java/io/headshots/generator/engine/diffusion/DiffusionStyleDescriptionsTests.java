package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.engine.compositing.CompositingEngine;

/**
 * Each style's description for the diffusion engine promises only what the engine's prompt for it
 * asks the model for: every clothing, setting, colour or look it names is in the prompt.
 */
class DiffusionStyleDescriptionsTests {
    /** What a description can promise: clothing, settings, backdrop colours, looks. */
    private static final List<String> PROMISES = List.of("navy suit", "business casual", "smart casual", "office",
            "park", "bokeh", "black and white", "film", "golden", "cream", "blue", "ochre", "grey", "dark",
            "rembrandt", "daylight", "window light", "smile", "side light", "grain", "desks");

    @Test
    void theDiffusionEngineHasDescriptionsOfItsOwnAndTheDefaultEngineUsesTheBaseOnes() {
        assertThat(Styles.ENGINES_WITH_OWN_DESCRIPTIONS).contains(DiffusionEngine.NAME)
                .doesNotContain(CompositingEngine.NAME);
    }

    @Test
    void eachStylesDiffusionDescriptionPromisesOnlyWhatItsPromptAsksFor() {
        for (Styles.Style style : Styles.all()) {
            String description = normalised(style.description(DiffusionEngine.NAME));
            String prompt = normalised(DiffusionStyles.of(style).prompt());
            List<String> promised = PROMISES.stream().filter(description::contains).toList();

            assertThat(promised).as("%s promises something", style.name()).isNotEmpty();
            assertThat(promised).as("%s: promised by the description, asked for by the prompt '%s'", style.name(),
                    prompt).allSatisfy(promise -> assertThat(prompt).contains(promise));
        }
    }

    private static String normalised(String text) {
        return text.toLowerCase(Locale.ROOT).replace('-', ' ');
    }
}
