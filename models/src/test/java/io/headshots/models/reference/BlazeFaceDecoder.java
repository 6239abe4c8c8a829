package io.headshots.models.reference;

import io.headshots.models.reference.OnnxRunner.Output;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The BlazeFace contract the module README documents, as code: input preparation and anchor
 * decoding (as in MediaPipe and keijiro's BlazeFaceBarracuda post-processing), plus a weighted
 * non-maximum suppression. Tests use it to prove the documented contract finds real faces.
 */
public final class BlazeFaceDecoder {

    public static final String INPUT = "input:0";

    /** A face in input-square coordinates, all in [0, 1] of the square, y down. */
    public record Face(float score, float cx, float cy, float w, float h, float[] keypoints) {

        public float keypointX(int i) {
            return keypoints[2 * i];
        }

        public float keypointY(int i) {
            return keypoints[2 * i + 1];
        }
    }

    private BlazeFaceDecoder() {
    }

    /** NHWC [1, S, S, 3], RGB scaled to [-1, 1]: {@code v / 127.5 - 1}. {@code image} must be S x S. */
    public static float[] input(BufferedImage image) {
        int s = image.getWidth();
        float[] data = new float[s * s * 3];
        int k = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = image.getRGB(x, y);
                data[k++] = ((rgb >> 16) & 0xFF) / 127.5f - 1f;
                data[k++] = ((rgb >> 8) & 0xFF) / 127.5f - 1f;
                data[k++] = (rgb & 0xFF) / 127.5f - 1f;
            }
        }
        return data;
    }

    /**
     * Decodes both heads: {@code Identity:0}/{@code Identity_2:0} (16x16 cells, 2 anchors each) and
     * {@code Identity_1:0}/{@code Identity_3:0} (8x8 cells, 6 anchors each), keeps scores above
     * {@code threshold}, then merges overlapping detections (IoU >= 0.3) by score-weighted mean.
     */
    public static List<Face> decode(Map<String, Output> outputs, int inputSize, float threshold) {
        List<Face> raw = new ArrayList<>();
        head(outputs.get("Identity:0").data(), outputs.get("Identity_2:0").data(), 16, 2, inputSize, threshold, raw);
        head(outputs.get("Identity_1:0").data(), outputs.get("Identity_3:0").data(), 8, 6, inputSize, threshold, raw);
        return weightedNms(raw, 0.3f);
    }

    private static void head(float[] scores, float[] boxes, int cells, int anchorsPerCell, int inputSize,
                             float threshold, List<Face> out) {
        for (int cy = 0; cy < cells; cy++) {
            for (int cx = 0; cx < cells; cx++) {
                for (int a = 0; a < anchorsPerCell; a++) {
                    int i = (cy * cells + cx) * anchorsPerCell + a;
                    float score = (float) (1 / (1 + Math.exp(-scores[i])));
                    if (score < threshold) {
                        continue;
                    }
                    float ax = (cx + 0.5f) / cells;
                    float ay = (cy + 0.5f) / cells;
                    int b = i * 16;
                    float[] keypoints = new float[12];
                    for (int k = 0; k < 6; k++) {
                        keypoints[2 * k] = ax + boxes[b + 4 + 2 * k] / inputSize;
                        keypoints[2 * k + 1] = ay + boxes[b + 5 + 2 * k] / inputSize;
                    }
                    out.add(new Face(score, ax + boxes[b] / inputSize, ay + boxes[b + 1] / inputSize,
                            boxes[b + 2] / inputSize, boxes[b + 3] / inputSize, keypoints));
                }
            }
        }
    }

    private static List<Face> weightedNms(List<Face> faces, float iouThreshold) {
        List<Face> pending = new ArrayList<>(faces);
        pending.sort(Comparator.comparingDouble(Face::score).reversed());
        List<Face> kept = new ArrayList<>();
        while (!pending.isEmpty()) {
            Face best = pending.get(0);
            List<Face> cluster = pending.stream().filter(f -> iou(best, f) >= iouThreshold).toList();
            pending.removeAll(cluster);
            float total = 0;
            float[] sum = new float[16];
            for (Face f : cluster) {
                total += f.score();
                float[] v = {f.cx(), f.cy(), f.w(), f.h()};
                for (int j = 0; j < 4; j++) {
                    sum[j] += v[j] * f.score();
                }
                for (int j = 0; j < 12; j++) {
                    sum[4 + j] += f.keypoints()[j] * f.score();
                }
            }
            float[] keypoints = new float[12];
            for (int j = 0; j < 12; j++) {
                keypoints[j] = sum[4 + j] / total;
            }
            kept.add(new Face(best.score(), sum[0] / total, sum[1] / total, sum[2] / total, sum[3] / total, keypoints));
        }
        return kept;
    }

    private static float iou(Face a, Face b) {
        float x0 = Math.max(a.cx() - a.w() / 2, b.cx() - b.w() / 2);
        float y0 = Math.max(a.cy() - a.h() / 2, b.cy() - b.h() / 2);
        float x1 = Math.min(a.cx() + a.w() / 2, b.cx() + b.w() / 2);
        float y1 = Math.min(a.cy() + a.h() / 2, b.cy() + b.h() / 2);
        float inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        return inner / (a.w() * a.h() + b.w() * b.h() - inner);
    }
}
