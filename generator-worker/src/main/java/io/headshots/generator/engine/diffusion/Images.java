package io.headshots.generator.engine.diffusion;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import com.twelvemonkeys.image.ResampleOp;

/** Pixel plumbing of the diffusion engine: resizing, 5-point alignment, planar float conversion. */
final class Images {
    private Images() {
    }

    /**
     * {@code src} at exactly {@code w} x {@code h} through a Lanczos filter (TwelveMonkeys' {@code ResampleOp}),
     * whose support widens with the reduction: a 12 MP selfie brought to the detector's input keeps no moire,
     * where Java 2D's bicubic (4 x 4 taps at any scale) aliases fine patterns such as hair and fabric.
     */
    static BufferedImage resize(BufferedImage src, int w, int h) {
        if (src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        return rgb(new ResampleOp(w, h, ResampleOp.FILTER_LANCZOS).filter(rgb(src), null));
    }

    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * Least-squares similarity (rotation, uniform scale, translation) taking {@code from} onto {@code to}:
     * {@code {a, b, tx, ty}} with {@code x' = a x - b y + tx}, {@code y' = b x + a y + ty}.
     */
    static double[] similarity(float[][] from, float[][] to) {
        int n = from.length;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[i][0]; fy += from[i][1]; tx += to[i][0]; ty += to[i][1];
        }
        fx /= n; fy /= n; tx /= n; ty /= n;
        double num1 = 0, num2 = 0, den = 0;
        for (int i = 0; i < n; i++) {
            double px = from[i][0] - fx, py = from[i][1] - fy, qx = to[i][0] - tx, qy = to[i][1] - ty;
            num1 += px * qx + py * qy;
            num2 += px * qy - py * qx;
            den += px * px + py * py;
        }
        double a = den == 0 ? 1 : num1 / den;
        double b = den == 0 ? 0 : num2 / den;
        return new double[]{a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy)};
    }

    /**
     * The {@code size}² chip of the photo with {@code keypoints} aligned to {@code template}, as planar
     * RGB floats {@code (v - 127.5) / 127.5}, bilinear, black outside the photo.
     */
    static float[] alignedChip(BufferedImage photo, float[][] keypoints, float[][] template, int size) {
        double[] m = similarity(keypoints, template);
        double d = m[0] * m[0] + m[1] * m[1];
        double ia = m[0] / d, ib = -m[1] / d;
        double itx = -(ia * m[2] - ib * m[3]), ity = -(ib * m[2] + ia * m[3]);
        int w = photo.getWidth(), h = photo.getHeight();
        int[] rgb = photo.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = ia * x - ib * y + itx;
                double sy = ib * x + ia * y + ity;
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                double wx = sx - x0, wy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double v = (1 - wx) * (1 - wy) * at(rgb, w, h, x0, y0, shift) + wx * (1 - wy) * at(rgb, w, h, x0 + 1, y0, shift)
                            + (1 - wx) * wy * at(rgb, w, h, x0, y0 + 1, shift) + wx * wy * at(rgb, w, h, x0 + 1, y0 + 1, shift);
                    out[c * size * size + y * size + x] = (float) ((v - 127.5) / 127.5);
                }
            }
        }
        return out;
    }

    private static int at(int[] rgb, int w, int h, int x, int y, int shift) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : (rgb[y * w + x] >> shift) & 0xff;
    }

    /** Planar RGB in 0..1 ([3,H,W]) of an image. */
    static float[] planar01(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * w * h];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = ((rgb[i] >> 16) & 0xff) / 255f;
            out[w * h + i] = ((rgb[i] >> 8) & 0xff) / 255f;
            out[2 * w * h + i] = (rgb[i] & 0xff) / 255f;
        }
        return out;
    }

    /** An image from planar RGB in -1..1 ([3,H,W]), rounded and clamped. */
    static BufferedImage fromPlanarSigned(float[] planes, int w, int h) {
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte255(planes[i]) << 16) | (byte255(planes[w * h + i]) << 8) | byte255(planes[2 * w * h + i]);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int byte255(float v) {
        float c = Float.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
        return Math.round((c + 1) * 127.5f);
    }
}
