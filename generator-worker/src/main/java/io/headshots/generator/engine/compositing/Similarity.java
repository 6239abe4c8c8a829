package io.headshots.generator.engine.compositing;

/**
 * A rotation, uniform scale and translation of the plane: {@code x' = a x - b y + tx}, {@code y' = b x + a y + ty}.
 */
record Similarity(double a, double b, double tx, double ty) {

    /** Maps {@code (fromX, fromY)} (and its orientation and scale) onto {@code (toX, toY)}. */
    static Similarity of(double scale, double angle, double fromX, double fromY, double toX, double toY) {
        double a = scale * Math.cos(angle);
        double b = scale * Math.sin(angle);
        return new Similarity(a, b, toX - (a * fromX - b * fromY), toY - (b * fromX + a * fromY));
    }

    float[] apply(double x, double y) {
        return new float[]{(float) (a * x - b * y + tx), (float) (b * x + a * y + ty)};
    }

    double scale() {
        return Math.hypot(a, b);
    }

    Similarity inverse() {
        double d = a * a + b * b;
        double ia = a / d;
        double ib = -b / d;
        return new Similarity(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /** First {@code this}, then {@code next}. */
    Similarity then(Similarity next) {
        return new Similarity(next.a * a - next.b * b, next.b * a + next.a * b,
                next.a * tx - next.b * ty + next.tx, next.b * tx + next.a * ty + next.ty);
    }

    /**
     * The image of {@code source} under the transform, {@code w} x {@code h} pixels: each output pixel
     * sampled from the inverse position, bicubic when enlarging, after an exact area reduction when the
     * source is denser than the output (so no aliasing).
     */
    RgbImage render(RgbImage source, int w, int h) {
        double shrink = 1 / scale();
        int factor = (int) Math.floor(shrink);
        RgbImage src = factor >= 2 ? source.shrink(factor) : source;
        Similarity toSrc = inverse();
        if (factor >= 2) {
            toSrc = toSrc.then(new Similarity(1.0 / factor, 0, 0, 0));
        }
        RgbImage out = new RgbImage(w, h);
        float[] rgb = new float[3];
        boolean bicubic = factor < 2 && shrink < 1.2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // pixel centres: (x + 0.5) in output, minus 0.5 in source sample space
                float[] p = toSrc.apply(x + 0.5, y + 0.5);
                if (bicubic) {
                    src.sampleBicubic(p[0] - 0.5f, p[1] - 0.5f, rgb);
                } else {
                    src.sampleBilinear(p[0] - 0.5f, p[1] - 0.5f, rgb);
                }
                int i = y * w + x;
                out.r[i] = rgb[0];
                out.g[i] = rgb[1];
                out.b[i] = rgb[2];
            }
        }
        return out;
    }
}
