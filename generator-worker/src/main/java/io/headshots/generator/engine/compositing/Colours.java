package io.headshots.generator.engine.compositing;

/** Small colour helpers: {@code #rrggbb} parsing, hue rotation, smoothstep. */
final class Colours {
    private Colours() {
    }

    static float[] parse(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new float[]{((v >> 16) & 0xFF) / 255f, ((v >> 8) & 0xFF) / 255f, (v & 0xFF) / 255f};
    }

    /**
     * A 3x3 matrix (row-major) rotating hue by {@code degrees} about the grey axis, in YIQ space:
     * luminance stays as it is.
     */
    static float[] hueRotation(double degrees) {
        double c = Math.cos(Math.toRadians(degrees));
        double s = Math.sin(Math.toRadians(degrees));
        double[][] toYiq = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] fromYiq = {{1, 0.956, 0.621}, {1, -0.272, -0.647}, {1, -1.106, 1.703}};
        double[][] rot = {{1, 0, 0}, {0, c, -s}, {0, s, c}};
        double[][] m = multiply(fromYiq, multiply(rot, toYiq));
        float[] out = new float[9];
        for (int i = 0; i < 9; i++) {
            out[i] = (float) m[i / 3][i % 3];
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static float smoothstep(float edge0, float edge1, float x) {
        float t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }

    static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
