package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeLimitsTests {

    @Test
    void upscaleNeedsTheLargerOfTheModelsOutputAndTheFinalImage() {
        // 3000x3000 at 2x on a 4x model: the model makes 12000x12000 before the resize to 6000x6000
        assertThat(SizeLimits.upscalePixels(3000, 3000, 4, 6000, 6000)).isEqualTo(12000L * 12000L);
        // a box larger than the model's output: the final image is the larger
        assertThat(SizeLimits.upscalePixels(100, 100, 2, 8000, 8000)).isEqualTo(8000L * 8000L);
    }

    @Test
    void largestSquareA4xModelServesIs2048() {
        assertThat(SizeLimits.upscalePixels(2048, 2048, 4, 8192, 8192)).isEqualTo(SizeLimits.MAX_UPSCALE_PIXELS);
        assertThat(SizeLimits.upscalePixels(2049, 2048, 4, 8196, 8192)).isGreaterThan(SizeLimits.MAX_UPSCALE_PIXELS);
    }

    @Test
    void freeTierCapsUpscalesAt2048PremiumOnlyAtTheServiceLimit() {
        assertThat(Tier.FREE.maxUpscaleLongEdge()).isEqualTo(2048);
        assertThat((long) Tier.PREMIUM.maxUpscaleLongEdge() * Tier.PREMIUM.maxUpscaleLongEdge())
                .isGreaterThan(SizeLimits.MAX_UPSCALE_PIXELS);
    }
}
