package io.headshots.generator.engine.diffusion;

/**
 * One denoising run in the sigma ("k-diffusion") parameterisation for an epsilon-predicting model:
 * the latent {@code x} starts as noise times {@code sigmas[0]}, the model sees
 * {@code x / sqrt(sigma^2 + 1)}, and each step moves {@code x} from {@code sigmas[i]} to
 * {@code sigmas[i + 1]}. Not thread-safe: one per generation (DPM++ 2M remembers its last estimate).
 */
abstract class Sampler {
    final double[] sigmas;

    private Sampler(double[] sigmas) {
        this.sigmas = sigmas;
    }

    static Sampler of(String name, double[] sigmas) {
        return switch (name) {
            case "euler" -> new Euler(sigmas);
            case "dpmpp-2m", "dpmpp-2m-karras" -> new DpmPlusPlus2M(sigmas);
            default -> throw new IllegalArgumentException("unknown scheduler '" + name
                    + "'; known: euler, dpmpp-2m, dpmpp-2m-karras");
        };
    }

    static boolean karras(String name) {
        return name.endsWith("-karras");
    }

    /** Scale of the model input at step {@code i}: {@code 1 / sqrt(sigma^2 + 1)}. */
    double inputScale(int i) {
        return 1 / Math.sqrt(sigmas[i] * sigmas[i] + 1);
    }

    /** Moves {@code x} in place from {@code sigmas[i]} to {@code sigmas[i + 1]} given the predicted noise. */
    abstract void step(int i, float[] x, float[] eps);

    /** Euler (diffusers' {@code EulerDiscreteScheduler}, no churn): {@code x += eps * (sigma_next - sigma)}. */
    static final class Euler extends Sampler {
        Euler(double[] sigmas) {
            super(sigmas);
        }

        @Override
        void step(int i, float[] x, float[] eps) {
            double dt = sigmas[i + 1] - sigmas[i];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) (x[k] + eps[k] * dt);
            }
        }
    }

    /**
     * DPM-Solver++(2M) (Lu et al. 2022; k-diffusion's {@code sample_dpmpp_2m}, diffusers'
     * {@code DPMSolverMultistepScheduler} with {@code dpmsolver++}, order 2): first order on the first
     * step, second order (from the last two denoised estimates) after, and the denoised estimate
     * itself at sigma 0.
     */
    static final class DpmPlusPlus2M extends Sampler {
        private float[] previous;

        DpmPlusPlus2M(double[] sigmas) {
            super(sigmas);
        }

        @Override
        void step(int i, float[] x, float[] eps) {
            double sigma = sigmas[i];
            double next = sigmas[i + 1];
            float[] denoised = new float[x.length];
            for (int k = 0; k < x.length; k++) {
                denoised[k] = (float) (x[k] - sigma * eps[k]);
            }
            if (next == 0) {
                System.arraycopy(denoised, 0, x, 0, x.length);
            } else {
                double h = Math.log(sigma / next);
                double ratio = next / sigma;
                double m = -Math.expm1(-h);
                if (previous == null) {
                    for (int k = 0; k < x.length; k++) {
                        x[k] = (float) (ratio * x[k] + m * denoised[k]);
                    }
                } else {
                    double r = Math.log(sigmas[i - 1] / sigma) / h;
                    double a = 1 + 1 / (2 * r);
                    double b = 1 / (2 * r);
                    for (int k = 0; k < x.length; k++) {
                        x[k] = (float) (ratio * x[k] + m * (a * denoised[k] - b * previous[k]));
                    }
                }
            }
            previous = denoised;
        }
    }

    /** Classifier-free guidance: {@code uncond + g (cond - uncond)}, written into {@code out}. */
    static void guide(float[] uncond, float[] cond, double guidance, float[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (uncond[k] + guidance * (cond[k] - uncond[k]));
        }
    }
}
