package io.headshots.upscaler.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatherRampTests {

    @Test
    void neighboursWithTheNominalOverlapHaveWeightsSummingToOne() {
        int overlap = 64;
        int length = 256;
        FeatherRamp ramp = new FeatherRamp(overlap);
        float[] left = ramp.weights(length, false, true);
        float[] right = ramp.weights(length, true, false);

        // The right tile starts `overlap` pixels before the left one ends.
        for (int i = 0; i < overlap; i++) {
            assertThat(left[length - overlap + i] + right[i]).isCloseTo(1f, within(2e-4f));
        }
    }

    @Test
    void theOuterQuarterOfAnOverlapIsIgnoredAndTheRampRisesSteadily() {
        float[] w = new FeatherRamp(64).weights(256, true, false);

        assertThat(w[0]).isLessThan(1e-3f);
        assertThat(w[15]).isLessThan(1e-3f);
        assertThat(w[16]).isGreaterThan(0f).isLessThan(0.1f);
        assertThat(w[47]).isGreaterThan(0.9f);
        assertThat(w[48]).isEqualTo(1f);
        for (int i = 17; i < 48; i++) {
            assertThat(w[i]).isGreaterThan(w[i - 1]);
        }
    }

    @Test
    void imageBordersAreNotFeathered() {
        float[] w = new FeatherRamp(64).weights(100, false, false);
        for (float v : w) {
            assertThat(v).isEqualTo(1f);
        }
    }
}
