package io.headshots.upscaler.engine;

import org.junit.jupiter.api.Test;

import java.awt.Rectangle;

import static org.assertj.core.api.Assertions.assertThat;

class OutputPlanTests {

    @Test
    void aScaleKeepsTheWholeInputAndMultipliesItsSize() {
        OutputPlan plan = OutputPlan.of(300, 200, UpscaleSpec.byScale("m", 3, OutputFormat.PNG), 4, 0);

        assertThat(plan.crop()).isEqualTo(new Rectangle(0, 0, 300, 200));
        assertThat(plan.nativeWidth()).isEqualTo(1200);
        assertThat(plan.width()).isEqualTo(900);
        assertThat(plan.height()).isEqualTo(600);
        assertThat(plan.needsResize()).isTrue();
    }

    @Test
    void aSquareBoxCropsALandscapeAboutItsCentre() {
        OutputPlan plan = OutputPlan.of(1200, 800, UpscaleSpec.toBox("m", 4096, 4096, OutputFormat.PNG), 4, 0);

        assertThat(plan.crop()).isEqualTo(new Rectangle(200, 0, 800, 800));
        assertThat(plan.nativeWidth()).isEqualTo(3200);
        assertThat(plan.width()).isEqualTo(4096);
        assertThat(plan.height()).isEqualTo(4096);
    }

    @Test
    void aSquareBoxCropsAPortraitAboutItsCentre() {
        OutputPlan plan = OutputPlan.of(768, 1024, UpscaleSpec.toBox("m", 4096, 4096, OutputFormat.PNG), 4, 0);

        assertThat(plan.crop()).isEqualTo(new Rectangle(0, 128, 768, 768));
    }

    @Test
    void theModelAlsoSeesAMarginAroundTheCropWhereThePictureHasOne() {
        OutputPlan plan = OutputPlan.of(1200, 800, UpscaleSpec.toBox("m", 4096, 4096, OutputFormat.PNG), 4, 16);

        assertThat(plan.context()).isEqualTo(new Rectangle(184, 0, 832, 800));
        assertThat(plan.cropWithinContext(4)).isEqualTo(new Rectangle(64, 0, 3200, 3200));
    }

    @Test
    void aBoxOfTheNativeSizeNeedsNoResize() {
        OutputPlan plan = OutputPlan.of(1024, 1024, UpscaleSpec.toBox("m", 4096, 4096, OutputFormat.PNG), 4, 0);

        assertThat(plan.needsResize()).isFalse();
    }
}
