package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected values computed independently with numpy from the diffusers formulas (scaled-linear betas
 * 0.01..0.1 over 10 training steps; 4 steps, leading spacing, offset 1; Karras rho 7; k-diffusion's
 * Euler and DPM++ 2M updates).
 */
class SchedulerTests {
    private final NoiseSchedule schedule = NoiseSchedule.of("scaled_linear", 10, 0.01, 0.1);

    @Test
    void trainingSigmasFollowTheScaledLinearSchedule() {
        assertThat(schedule.trainSigmas()).containsExactly(new double[]{0.10050378, 0.16087698, 0.22106923,
                0.28438792, 0.35228499, 0.42584943, 0.50619351, 0.59462591, 0.69277751, 0.80273191}, within(1e-7));
    }

    @Test
    void leadingSpacingPicksTimestepsAndTheirSigmasThenZero() {
        NoiseSchedule.Plan plan = schedule.plan(4, "leading", 1, false);

        assertThat(plan.timesteps()).containsExactly(7, 5, 3, 1);
        assertThat(plan.sigmas()).containsExactly(new double[]{0.59462591, 0.42584943, 0.28438792, 0.16087698, 0},
                within(1e-7));
    }

    @Test
    void karrasSigmasKeepTheEndsAndRecoverFractionalTimesteps() {
        NoiseSchedule.Plan plan = schedule.plan(4, "leading", 1, true);

        assertThat(plan.sigmas()).containsExactly(new double[]{0.59462591, 0.39492978, 0.25571572, 0.16087698, 0},
                within(1e-7));
        assertThat(plan.timesteps()).containsExactly(new double[]{7, 4.60253256, 2.57805344, 1}, within(1e-6));
    }

    @Test
    void eulerMovesAlongTheNoiseByTheSigmaDifference() {
        double[] sigmas = schedule.plan(4, "leading", 1, false).sigmas();
        float[] x = {1f};

        Sampler.of("euler", sigmas).step(0, x, new float[]{0.5f});

        assertThat(x[0]).isCloseTo(0.91561176f, within(1e-6f));
    }

    @Test
    void dpmPlusPlus2MUsesFirstOrderThenTheLastTwoEstimates() {
        double[] sigmas = schedule.plan(4, "leading", 1, false).sigmas();
        Sampler dpm = Sampler.of("dpmpp-2m", sigmas);
        float[] x = {1f};

        dpm.step(0, x, new float[]{0.5f});
        assertThat(x[0]).isCloseTo(0.91561176f, within(1e-6f));
        dpm.step(1, x, new float[]{0.25f});
        assertThat(x[0]).isCloseTo(0.90163143f, within(1e-6f));
    }

    @Test
    void dpmPlusPlus2MReturnsTheDenoisedEstimateAtSigmaZero() {
        Sampler dpm = Sampler.of("dpmpp-2m", new double[]{2, 0});
        float[] x = {3f};

        dpm.step(0, x, new float[]{0.5f});

        assertThat(x[0]).isEqualTo(2f);
    }

    @Test
    void guidanceExtrapolatesFromTheUnconditionalTowardsTheConditional() {
        float[] out = new float[2];

        Sampler.guide(new float[]{1, 2}, new float[]{2, 2}, 7, out);

        assertThat(out).containsExactly(8f, 2f);
    }

    @Test
    void modelInputIsScaledByOneOverSqrtSigmaSquaredPlusOne() {
        assertThat(Sampler.of("euler", new double[]{Math.sqrt(3), 0}).inputScale(0)).isCloseTo(0.5, within(1e-12));
    }
}
