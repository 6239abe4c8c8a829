package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StylesTests {

    @Test
    void everyStyleCarriesTheParametersTheDefaultEngineRendersItWith() {
        assertThat(Styles.all()).hasSize(8).allSatisfy(style -> {
            assertThat(style.description()).isNotBlank();
            assertThat(style.look().backdrop().top()).matches("#[0-9a-fA-F]{6}");
            assertThat(style.look().grade().matrix()).hasSize(9);
            assertThat(style.look().light().fillRatio()).isBetween(0.0, 1.0);
            assertThat(style.look().variation().scale()).isBetween(0.0, 0.2);
        });
    }

    @Test
    void everyStyleDescribesWhatEachEngineDoesForIt() {
        assertThat(Styles.all()).allSatisfy(style -> {
            // the default engine keeps the person's own photo: it promises no new clothing or scene
            assertThat(style.description("default")).isEqualTo(style.description()).startsWith("Your photo")
                    .doesNotContainIgnoringCase("suit").doesNotContainIgnoringCase("attire");
            // the diffusion engine synthesises the picture from the face, and says so
            assertThat(style.description("diffusion")).isNotEqualTo(style.description())
                    .startsWith("Generated anew from your face").contains("synthesised");
        });
        assertThat(Styles.byName("corporate").orElseThrow().description("diffusion")).contains("navy suit");
        assertThat(Styles.byName("corporate").orElseThrow().description("capacity-test"))
                .isEqualTo(Styles.byName("corporate").orElseThrow().description());
    }

    @Test
    void stylesAreFoundByName() {
        assertThat(Styles.byName("monochrome")).map(Styles.Style::name).contains("monochrome");
        assertThat(Styles.byName("underwater")).isEmpty();
    }

    @Test
    void aPremiumOutputsUpscaleTaskIdIsDerivedFromItsGenerateTaskId() {
        assertThat(GenerateTask.upscaleTaskId("studio-3")).isEqualTo("studio-3-upscale");
    }
}
