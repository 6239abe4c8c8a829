package io.headshots.generator.engine.diffusion;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.headshots.generator.engine.diffusion.ComponentContracts.Component;

/**
 * Face detection with five keypoints and the identity embedding, through the operator's detector and
 * embedder. Detector contract: {@code image} [1,3,S,S] RGB as {@code (v - 127.5) / 128} of the photo
 * scaled to fit S (top-left, the rest 0), returning every candidate's {@code scores} [N], {@code boxes}
 * [N,4] (x1,y1,x2,y2) and {@code keypoints} [N,5,2] (left eye, right eye, nose, left and right mouth
 * corner, in the image's view) in input pixels, after its own NMS. Embedder: {@code image} [1,3,112,112]
 * RGB as {@code (v - 127.5) / 127.5} of the face aligned to the ArcFace template; {@code embedding} [1,D].
 */
final class FaceAnalysis {
    /** insightface's ArcFace 112x112 template: eyes, nose tip, mouth corners. */
    static final float[][] ARCFACE_TEMPLATE = {
            {38.2946f, 51.6963f}, {73.5318f, 51.5014f}, {56.0252f, 71.7366f}, {41.5493f, 92.3655f}, {70.7299f, 92.2041f}};

    /** A detected face in photo pixels. */
    record Face(float score, float[] box, float[][] keypoints, int others) {
        double area() {
            return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
        }
    }

    private final DiffusionModels models;
    private final double minScore;

    FaceAnalysis(DiffusionModels models, double minScore) {
        this.models = models;
        this.minScore = minScore;
    }

    /** The largest face scoring at least the minimum, with the number of other faces found. */
    Optional<Face> largest(BufferedImage photo) throws OrtException {
        int s = models.manifest.detectorSize();
        double scale = Math.min((double) s / photo.getWidth(), (double) s / photo.getHeight());
        int w = Math.max(1, (int) Math.round(photo.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(photo.getHeight() * scale));
        BufferedImage fitted = Images.resize(photo, w, h);
        float[] input = new float[3 * s * s];
        int[] rgb = fitted.getRGB(0, 0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[y * w + x];
                int i = y * s + x;
                input[i] = (((p >> 16) & 0xff) - 127.5f) / 128f;
                input[s * s + i] = (((p >> 8) & 0xff) - 127.5f) / 128f;
                input[2 * s * s + i] = ((p & 0xff) - 127.5f) / 128f;
            }
        }
        OrtSession detector = models.session(Component.FACE_DETECTOR);
        float[] scores;
        float[] boxes;
        float[] points;
        try (OnnxTensor image = Feeds.floats(models.env, detector, "image", input, 1, 3, s, s);
             OrtSession.Result r = detector.run(Map.of("image", image))) {
            scores = Feeds.read(r.get("scores").orElseThrow());
            boxes = Feeds.read(r.get("boxes").orElseThrow());
            points = Feeds.read(r.get("keypoints").orElseThrow());
        }
        Face best = null;
        int found = 0;
        for (int n = 0; n < scores.length; n++) {
            if (scores[n] < minScore) {
                continue;
            }
            found++;
            float[] box = new float[4];
            for (int k = 0; k < 4; k++) {
                box[k] = (float) (boxes[n * 4 + k] / scale);
            }
            float[][] kps = new float[5][2];
            for (int k = 0; k < 5; k++) {
                kps[k][0] = (float) (points[n * 10 + k * 2] / scale);
                kps[k][1] = (float) (points[n * 10 + k * 2 + 1] / scale);
            }
            Face face = new Face(scores[n], box, kps, 0);
            if (best == null || face.area() > best.area()) {
                best = face;
            }
        }
        return best == null ? Optional.empty()
                : Optional.of(new Face(best.score(), best.box(), best.keypoints(), found - 1));
    }

    /** The L2-normalised identity embedding of the face. */
    float[] embedding(BufferedImage photo, Face face) throws OrtException {
        float[] aligned = Images.alignedChip(photo, face.keypoints(), ARCFACE_TEMPLATE, 112);
        OrtSession embedder = models.session(Component.FACE_EMBEDDER);
        float[] e;
        try (OnnxTensor image = Feeds.floats(models.env, embedder, "image", aligned, 1, 3, 112, 112);
             OrtSession.Result r = embedder.run(new HashMap<>(Map.of("image", image)))) {
            e = Feeds.read(r.get("embedding").orElseThrow());
        }
        double norm = 0;
        for (float v : e) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) (norm == 0 ? 0 : e[i] / norm);
        }
        return e;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
