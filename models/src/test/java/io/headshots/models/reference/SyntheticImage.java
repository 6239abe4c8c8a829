package io.headshots.models.reference;

import java.util.Random;

/**
 * A seeded photo-like test image: smooth colour gradients, hard-edged shapes and mild noise, so
 * the network's smooth, edge and texture paths are all exercised.
 */
public final class SyntheticImage {

    private SyntheticImage() {
    }

    public static ReferenceNcnnNet.Tensor rgb(int height, int width, long seed) {
        Random random = new Random(seed);
        ReferenceNcnnNet.Tensor t = new ReferenceNcnnNet.Tensor(3, height, width);
        double cx = width * (0.3 + 0.4 * random.nextDouble());
        double cy = height * (0.3 + 0.4 * random.nextDouble());
        double radius = Math.min(width, height) * 0.3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x / (double) width;
                double v = y / (double) height;
                double[] rgb = {0.2 + 0.6 * u, 0.3 + 0.4 * Math.sin(3 * v + u), 0.8 - 0.5 * v};
                if (Math.hypot(x - cx, y - cy) < radius) {
                    rgb = new double[] {0.9, 0.75, 0.6};
                }
                if (x > width * 0.7 && y < height * 0.4) {
                    rgb = new double[] {0.05, 0.1, 0.15};
                }
                for (int c = 0; c < 3; c++) {
                    double value = rgb[c] + 0.03 * random.nextGaussian();
                    t.data()[(c * height + y) * width + x] = (float) Math.max(0, Math.min(1, value));
                }
            }
        }
        return t;
    }

    /**
     * PSNR in dB of two same-shape images after clamping both to [0,1] (what an encoder would write),
     * ignoring {@code margin} pixels along every edge.
     */
    public static double psnr(ReferenceNcnnNet.Tensor a, float[] b, int margin) {
        double squared = 0;
        long count = 0;
        for (int c = 0; c < a.c(); c++) {
            for (int y = margin; y < a.h() - margin; y++) {
                for (int x = margin; x < a.w() - margin; x++) {
                    int k = (c * a.h() + y) * a.w() + x;
                    double d = clamp(a.data()[k]) - clamp(b[k]);
                    squared += d * d;
                    count++;
                }
            }
        }
        double mse = squared / count;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    private static double clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }
}
