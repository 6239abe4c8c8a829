package io.headshots.generator.engine.compositing;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The person's matte: ISNet at 1024 x 1024 on the framed image, then refined against the image with
 * a guided filter, so the matte's edges follow the photo's own edges (strands of hair, collar) rather
 * than the network's coarser prediction.
 */
final class Matting {
    static final int SIZE = 1024;

    private final OrtModels models;

    Matting(OrtModels models) {
        this.models = models;
    }

    /**
     * Alpha in 0..1 for each pixel of {@code framed}, kept only on the person whose face is at
     * ({@code faceX}, {@code faceY}): other people and objects the network also saw as foreground are
     * cut away.
     */
    float[] matte(RgbImage framed, int faceX, int faceY) {
        return keepPerson(matte(framed), framed.width, framed.height, faceX, faceY);
    }

    /** Alpha in 0..1 for each pixel of {@code framed}. */
    float[] matte(RgbImage framed) {
        RgbImage in = framed.width == SIZE && framed.height == SIZE ? framed : framed.resize(SIZE, SIZE);
        float[] coarse = run(in);
        float[] alpha = coarse;
        if (framed.width != SIZE || framed.height != SIZE) {
            alpha = resizePlane(coarse, SIZE, SIZE, framed.width, framed.height);
        }
        return refine(framed, alpha);
    }

    private float[] run(RgbImage image) {
        int plane = SIZE * SIZE;
        float[] data = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            data[i] = (Math.round(image.r[i] * 255f) - 128f) / 256f;
            data[plane + i] = (Math.round(image.g[i] * 255f) - 128f) / 256f;
            data[2 * plane + i] = (Math.round(image.b[i] * 255f) - 128f) / 256f;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(data),
                new long[]{1, 3, SIZE, SIZE});
             OrtSession.Result out = models.matting.run(Map.of("input", input))) {
            FloatBuffer buffer = ((OnnxTensor) out.get(0)).getFloatBuffer();
            float[] alpha = new float[plane];
            buffer.get(alpha);
            return alpha;
        } catch (OrtException e) {
            throw new IllegalStateException("matting failed: " + e.getMessage(), e);
        }
    }

    /**
     * Guided filter (He, Sun and Tang) with the image's luminance as guide: within small windows the
     * refined alpha is a linear function of the guide, which snaps soft edges to the photo's edges.
     * Only the band where the coarse matte is uncertain is changed, so solid areas stay solid.
     */
    static float[] refine(RgbImage image, float[] alpha) {
        int w = image.width;
        int h = image.height;
        int radius = Math.max(2, w / 256);
        float eps = 2e-3f;
        float[] guide = image.lumaPlane();
        float[] meanI = Filters.box(guide, w, h, radius);
        float[] meanP = Filters.box(alpha, w, h, radius);
        float[] ii = new float[guide.length];
        float[] ip = new float[guide.length];
        for (int i = 0; i < guide.length; i++) {
            ii[i] = guide[i] * guide[i];
            ip[i] = guide[i] * alpha[i];
        }
        float[] meanII = Filters.box(ii, w, h, radius);
        float[] meanIP = Filters.box(ip, w, h, radius);
        float[] a = new float[guide.length];
        float[] b = new float[guide.length];
        for (int i = 0; i < guide.length; i++) {
            float var = meanII[i] - meanI[i] * meanI[i];
            float cov = meanIP[i] - meanI[i] * meanP[i];
            a[i] = cov / (var + eps);
            b[i] = meanP[i] - a[i] * meanI[i];
        }
        float[] meanA = Filters.box(a, w, h, radius);
        float[] meanB = Filters.box(b, w, h, radius);
        // the band where the network was unsure, widened a little
        float[] band = Filters.box(alpha, w, h, radius * 2);
        float[] out = new float[guide.length];
        for (int i = 0; i < guide.length; i++) {
            float guided = clamp(meanA[i] * guide[i] + meanB[i]);
            float uncertain = 1f - Math.abs(band[i] * 2f - 1f);
            float weight = clamp(uncertain * 3f);
            float v = alpha[i] + (guided - alpha[i]) * weight;
            // crush the faint haze and choke the edge a little: no ghost of the old background
            out[i] = clamp((v - 0.08f) / 0.88f);
        }
        return out;
    }

    /**
     * The matte restricted to the solid region (alpha over one half) connected to the face, grown by
     * 2 % of the side and feathered, so hair and soft edges around the person stay while a neighbour's
     * shoulder or a lamp in the old background goes.
     */
    static float[] keepPerson(float[] alpha, int w, int h, int faceX, int faceY) {
        int start = Math.max(0, Math.min(h - 1, faceY)) * w + Math.max(0, Math.min(w - 1, faceX));
        if (alpha[start] < 0.5f) {
            return alpha;
        }
        float[] core = new float[alpha.length];
        int[] queue = new int[alpha.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        core[start] = 1;
        while (head < tail) {
            int i = queue[head++];
            int x = i % w;
            int y = i / w;
            int[] next = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
            for (int j : next) {
                if (j >= 0 && core[j] == 0 && alpha[j] >= 0.5f) {
                    core[j] = 1;
                    queue[tail++] = j;
                }
            }
        }
        int grow = Math.max(2, Math.round(0.02f * w));
        float[] near = Filters.box(core, w, h, grow);
        float[] reach = new float[alpha.length];
        for (int i = 0; i < near.length; i++) {
            reach[i] = near[i] > 0 ? 1 : 0;
        }
        reach = Filters.box(reach, w, h, grow / 2);
        float[] out = new float[alpha.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = alpha[i] * reach[i];
        }
        return out;
    }

    private static float[] resizePlane(float[] src, int sw, int sh, int w, int h) {
        float[] out = new float[w * h];
        float sx = (float) sw / w;
        float sy = (float) sh / h;
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, Math.min(sh - 1, (y + 0.5f) * sy - 0.5f));
            int y0 = (int) fy;
            int y1 = Math.min(sh - 1, y0 + 1);
            float ay = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0, Math.min(sw - 1, (x + 0.5f) * sx - 0.5f));
                int x0 = (int) fx;
                int x1 = Math.min(sw - 1, x0 + 1);
                float ax = fx - x0;
                float top = src[y0 * sw + x0] + (src[y0 * sw + x1] - src[y0 * sw + x0]) * ax;
                float bottom = src[y1 * sw + x0] + (src[y1 * sw + x1] - src[y1 * sw + x0]) * ax;
                out[y * w + x] = top + (bottom - top) * ay;
            }
        }
        return out;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
