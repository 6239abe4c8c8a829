package io.headshots.generator.engine.compositing;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * BlazeFace on ONNX Runtime, decoded as the models module documents: raw logits and regressors of
 * 896 anchors (16x16 cells x 2 and 8x8 cells x 6), sigmoid scores, offsets in input pixels, then a
 * score-weighted merge of overlapping boxes.
 *
 * <p>Two passes. The whole photo, padded to a square, goes through the front (128) and back (256)
 * models; the front model knows selfie-sized faces, the back one faces down to ~16 px of its input.
 * Only when that finds nothing is the photo searched in overlapping 256 px tiles at up to 2048 px,
 * so a face too small for the whole-photo pass is still found (and refused as too small, rather than
 * reported missing).
 */
final class FaceDetector {
    private static final int TILED_LONG_EDGE = 2048;
    private static final int TILE = 256;
    private static final int TILE_STRIDE = 192;
    private static final float MERGE_IOU = 0.3f;

    private final OrtModels models;
    private final float minScore;

    FaceDetector(OrtModels models, double minScore) {
        this.models = models;
        this.minScore = (float) minScore;
    }

    /** Every face of the photo, strongest first. */
    List<Face> detect(RgbImage image) {
        List<Face> faces = detectWhole(image);
        return faces.isEmpty() ? detectTiled(image) : faces;
    }

    /** The whole-photo pass only: cheap, and enough for a framed headshot. */
    List<Face> detectWhole(RgbImage image) {
        float side = Math.max(image.width, image.height);
        List<Face> raw = new ArrayList<>();
        raw.addAll(run(models.frontDetector, 128, image, 0, 0, side));
        raw.addAll(run(models.backDetector, 256, image, 0, 0, side));
        return merge(raw);
    }

    /**
     * The same face measured again on a level close-up of it (eyes a quarter of the crop apart), where
     * BlazeFace places the eyes several times more precisely than on a whole photo or frame. Returns
     * {@code face} unchanged when the close-up shows no face near the expected place.
     */
    Face refine(RgbImage image, Face face) {
        int size = 256;
        double eyes = 0.25 * size;
        Similarity toCrop = Similarity.of(eyes / face.eyeDistance(), -face.roll(), face.eyeMidX(), face.eyeMidY(),
                size / 2.0, 0.42 * size);
        RgbImage crop = toCrop.render(image, size, size);
        List<Face> raw = new ArrayList<>();
        raw.addAll(run(models.frontDetector, 128, crop, 0, 0, size));
        raw.addAll(run(models.backDetector, 256, crop, 0, 0, size));
        Face best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Face f : merge(raw)) {
            double d = Math.hypot(f.eyeMidX() - size / 2.0, f.eyeMidY() - 0.42 * size);
            if (d < bestDistance) {
                bestDistance = d;
                best = f;
            }
        }
        if (best == null || bestDistance > 0.5 * eyes || Math.abs(best.eyeDistance() - eyes) > 0.35 * eyes) {
            return face;
        }
        float[] keypoints = best.keypoints().clone();
        for (int eye = 0; eye < 2; eye++) {
            centreOnIris(crop, keypoints, eye, best.eyeDistance());
        }
        Face measured = new Face(best.score(), best.cx(), best.cy(), best.w(), best.h(), keypoints)
                .mapped(toCrop.inverse());
        return new Face(face.score(), face.cx(), face.cy(), face.w(), face.h(), measured.keypoints());
    }

    /**
     * Moves an eye keypoint to the centroid of the darkest part (iris and pupil) of a small window
     * around it. BlazeFace's eye points are regressed, not located, and move by a pixel or two with
     * colour and contrast; the iris is where it is in colour and in grey alike, so frames come out
     * level and stay level when measured again on the graded output.
     */
    private static void centreOnIris(RgbImage crop, float[] keypoints, int eye, float eyeDistance) {
        float ex = keypoints[2 * eye];
        float ey = keypoints[2 * eye + 1];
        float sigma = 0.12f * eyeDistance;
        int radius = Math.round(0.2f * eyeDistance);
        int x0 = Math.max(0, Math.round(ex) - radius);
        int x1 = Math.min(crop.width - 1, Math.round(ex) + radius);
        int y0 = Math.max(0, Math.round(ey) - radius);
        int y1 = Math.min(crop.height - 1, Math.round(ey) + radius);
        double mean = 0;
        double norm = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double g = Math.exp(-((x - ex) * (x - ex) + (y - ey) * (y - ey)) / (2 * sigma * sigma));
                mean += g * crop.luma(y * crop.width + x);
                norm += g;
            }
        }
        if (norm <= 0) {
            return;
        }
        mean /= norm;
        double sx = 0;
        double sy = 0;
        double total = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double g = Math.exp(-((x - ex) * (x - ex) + (y - ey) * (y - ey)) / (2 * sigma * sigma));
                double dark = Math.max(0, mean - crop.luma(y * crop.width + x));
                double w = g * dark * dark;
                // pixel centres
                sx += w * (x + 0.5);
                sy += w * (y + 0.5);
                total += w;
            }
        }
        if (total > 1e-9) {
            keypoints[2 * eye] = (float) (sx / total);
            keypoints[2 * eye + 1] = (float) (sy / total);
        }
    }

    private List<Face> detectTiled(RgbImage image) {
        int factor = (int) Math.ceil(Math.max(image.width, image.height) / (double) TILED_LONG_EDGE);
        RgbImage small = image.shrink(factor);
        List<Face> raw = new ArrayList<>();
        for (int ty = 0; ty < Math.max(1, small.height - TILE + TILE_STRIDE); ty += TILE_STRIDE) {
            for (int tx = 0; tx < Math.max(1, small.width - TILE + TILE_STRIDE); tx += TILE_STRIDE) {
                for (Face f : run(models.backDetector, 256, small, tx, ty, TILE)) {
                    raw.add(f.mapped(new Similarity(factor, 0, 0, 0)));
                }
            }
        }
        return merge(raw);
    }

    /**
     * Runs one model on the square {@code [ox, ox+side) x [oy, oy+side)} of the image (black outside
     * it) and returns its faces in image pixels, unmerged.
     */
    private List<Face> run(OrtSession session, int size, RgbImage image, float ox, float oy, float side) {
        int factor = Math.max(1, (int) Math.floor(side / size));
        RgbImage src = image.shrink(factor);
        float scale = side / size / factor;
        float[] data = new float[size * size * 3];
        float[] rgb = new float[3];
        int k = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float sx = (ox / factor) + (x + 0.5f) * scale;
                float sy = (oy / factor) + (y + 0.5f) * scale;
                if (sx >= src.width || sy >= src.height || sx < 0 || sy < 0) {
                    data[k++] = -1f;
                    data[k++] = -1f;
                    data[k++] = -1f;
                    continue;
                }
                src.sampleBilinear(sx - 0.5f, sy - 0.5f, rgb);
                data[k++] = rgb[0] * 2f - 1f;
                data[k++] = rgb[1] * 2f - 1f;
                data[k++] = rgb[2] * 2f - 1f;
            }
        }
        List<Face> faces = new ArrayList<>();
        try (OnnxTensor input = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(data),
                new long[]{1, size, size, 3});
             OrtSession.Result out = session.run(Map.of("input:0", input))) {
            head(floats(out, "Identity:0"), floats(out, "Identity_2:0"), 16, 2, size, faces);
            head(floats(out, "Identity_1:0"), floats(out, "Identity_3:0"), 8, 6, size, faces);
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
        Similarity toImage = new Similarity(side, 0, ox, oy);
        return faces.stream().map(f -> f.mapped(toImage)).toList();
    }

    private static float[] floats(OrtSession.Result result, String name) {
        OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("no " + name));
        FloatBuffer buffer = t.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** Decodes one head into faces in [0, 1] of the input square. */
    private void head(float[] logits, float[] regressors, int cells, int anchorsPerCell, int size, List<Face> out) {
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < anchorsPerCell; a++) {
                    int i = (row * cells + col) * anchorsPerCell + a;
                    float score = (float) (1 / (1 + Math.exp(-logits[i])));
                    if (score < minScore) {
                        continue;
                    }
                    float ax = (col + 0.5f) / cells;
                    float ay = (row + 0.5f) / cells;
                    int r = i * 16;
                    float[] keypoints = new float[12];
                    for (int p = 0; p < 6; p++) {
                        keypoints[2 * p] = ax + regressors[r + 4 + 2 * p] / size;
                        keypoints[2 * p + 1] = ay + regressors[r + 5 + 2 * p] / size;
                    }
                    out.add(new Face(score, ax + regressors[r] / size, ay + regressors[r + 1] / size,
                            regressors[r + 2] / size, regressors[r + 3] / size, keypoints));
                }
            }
        }
    }

    /** Keeps the best of each cluster of overlapping faces, with box and keypoints averaged by score. */
    static List<Face> merge(List<Face> faces) {
        List<Face> pending = new ArrayList<>(faces);
        pending.sort(Comparator.comparingDouble(Face::score).reversed());
        List<Face> kept = new ArrayList<>();
        while (!pending.isEmpty()) {
            Face best = pending.get(0);
            List<Face> cluster = pending.stream().filter(f -> best.iou(f) >= MERGE_IOU).toList();
            pending.removeAll(cluster);
            double total = 0;
            double[] sum = new double[16];
            for (Face f : cluster) {
                total += f.score();
                sum[0] += f.cx() * f.score();
                sum[1] += f.cy() * f.score();
                sum[2] += f.w() * f.score();
                sum[3] += f.h() * f.score();
                for (int j = 0; j < 12; j++) {
                    sum[4 + j] += f.keypoints()[j] * f.score();
                }
            }
            float[] keypoints = new float[12];
            for (int j = 0; j < 12; j++) {
                keypoints[j] = (float) (sum[4 + j] / total);
            }
            kept.add(new Face(best.score(), (float) (sum[0] / total), (float) (sum[1] / total),
                    (float) (sum[2] / total), (float) (sum[3] / total), keypoints));
        }
        return kept;
    }
}
