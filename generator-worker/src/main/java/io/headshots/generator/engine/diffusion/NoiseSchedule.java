package io.headshots.generator.engine.diffusion;

/**
 * The training noise schedule and the sigmas/timesteps of one sampling run, as diffusers'
 * {@code EulerDiscreteScheduler} computes them: {@code sigma_t = sqrt((1 - abar_t) / abar_t)},
 * timesteps spaced {@code leading}, {@code trailing} or {@code linspace}, sigmas interpolated
 * linearly between training timesteps, optionally re-spaced after Karras et al. (rho 7) with
 * timesteps recovered by log-sigma interpolation. A final sigma of 0 is appended.
 */
final class NoiseSchedule {
    private final double[] trainSigmas;

    private NoiseSchedule(double[] alphasCumprod) {
        trainSigmas = new double[alphasCumprod.length];
        for (int i = 0; i < alphasCumprod.length; i++) {
            trainSigmas[i] = Math.sqrt((1 - alphasCumprod[i]) / alphasCumprod[i]);
        }
    }

    /** {@code scaled_linear}: betas linear in their square root (SD, SDXL); {@code linear}: linear. */
    static NoiseSchedule of(String betaSchedule, int trainSteps, double betaStart, double betaEnd) {
        double[] cumprod = new double[trainSteps];
        double product = 1;
        for (int i = 0; i < trainSteps; i++) {
            double f = trainSteps == 1 ? 0 : (double) i / (trainSteps - 1);
            double beta = switch (betaSchedule) {
                case "scaled_linear" -> {
                    double r = Math.sqrt(betaStart) + f * (Math.sqrt(betaEnd) - Math.sqrt(betaStart));
                    yield r * r;
                }
                case "linear" -> betaStart + f * (betaEnd - betaStart);
                default -> throw new ModelFolderMismatch("manifest.json: scheduler.betaSchedule must be scaled_linear or linear, found "
                        + betaSchedule);
            };
            product *= 1 - beta;
            cumprod[i] = product;
        }
        return new NoiseSchedule(cumprod);
    }

    double[] trainSigmas() {
        return trainSigmas.clone();
    }

    /** One run's plan: {@code sigmas} has {@code steps + 1} entries (the last 0), {@code timesteps} {@code steps}. */
    record Plan(double[] sigmas, double[] timesteps) {
        int steps() {
            return timesteps.length;
        }
    }

    Plan plan(int steps, String spacing, int stepsOffset, boolean karras) {
        int n = trainSigmas.length;
        if (steps < 1 || steps > n) {
            throw new IllegalArgumentException("steps must be in 1.." + n + ", found " + steps);
        }
        double[] t = new double[steps];
        switch (spacing == null ? "leading" : spacing) {
            case "leading" -> {
                int ratio = n / steps;
                for (int i = 0; i < steps; i++) {
                    t[i] = (double) (steps - 1 - i) * ratio + stepsOffset;
                }
            }
            case "trailing" -> {
                double ratio = (double) n / steps;
                for (int i = 0; i < steps; i++) {
                    t[i] = Math.round(n - i * ratio) - 1;
                }
            }
            case "linspace" -> {
                for (int i = 0; i < steps; i++) {
                    t[i] = steps == 1 ? n - 1 : (n - 1) * (double) (steps - 1 - i) / (steps - 1);
                }
            }
            default -> throw new ModelFolderMismatch("manifest.json: scheduler.timestepSpacing must be leading, trailing "
                    + "or linspace, found " + spacing);
        }
        double[] sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = sigmaAt(t[i]);
        }
        if (karras) {
            double min = Math.pow(sigmas[steps - 1], 1 / 7.0);
            double max = Math.pow(sigmas[0], 1 / 7.0);
            for (int i = 0; i < steps; i++) {
                double ramp = steps == 1 ? 0 : (double) i / (steps - 1);
                sigmas[i] = Math.pow(max + ramp * (min - max), 7);
                t[i] = timestepOf(sigmas[i]);
            }
        }
        return new Plan(sigmas, t);
    }

    /** Sigma at a (fractional) training timestep, linear between neighbours. */
    double sigmaAt(double t) {
        double c = Math.max(0, Math.min(trainSigmas.length - 1, t));
        int lo = (int) Math.floor(c);
        int hi = Math.min(lo + 1, trainSigmas.length - 1);
        double w = c - lo;
        return trainSigmas[lo] * (1 - w) + trainSigmas[hi] * w;
    }

    /** The fractional training timestep of a sigma, interpolated in log sigma (diffusers' {@code _sigma_to_t}). */
    double timestepOf(double sigma) {
        double log = Math.log(sigma);
        int n = trainSigmas.length;
        int lo = 0;
        for (int i = 0; i < n; i++) {
            if (log - Math.log(trainSigmas[i]) >= 0) {
                lo = i;
            }
        }
        lo = Math.min(lo, n - 2);
        double low = Math.log(trainSigmas[lo]);
        double high = Math.log(trainSigmas[lo + 1]);
        double w = Math.max(0, Math.min(1, (low - log) / (low - high)));
        return (1 - w) * lo + w * (lo + 1);
    }
}
