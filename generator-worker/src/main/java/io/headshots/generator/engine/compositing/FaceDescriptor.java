package io.headshots.generator.engine.compositing;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.headshots.generator.engine.IdentityScore;

/**
 * The dlib ResNet 128-d face descriptor of an eye-aligned face chip. Both faces of a comparison are
 * cut the same way (eyes level, at fixed points of a 150 px chip), which is what makes dlib's 0.6
 * same-person distance meaningful.
 */
final class FaceDescriptor {
    static final int CHIP = 150;
    /** Eye positions in the chip, as fractions of its side. */
    private static final double EYE_Y = 0.36;
    private static final double EYE_SPAN = 0.32;

    private final OrtModels models;

    FaceDescriptor(OrtModels models) {
        this.models = models;
    }

    /** The chip of {@code face} in {@code image}: eyes level at (0.34, 0.36) and (0.66, 0.36). */
    static RgbImage chip(RgbImage image, Face face) {
        double scale = EYE_SPAN * CHIP / face.eyeDistance();
        Similarity toChip = Similarity.of(scale, -face.roll(), face.eyeMidX(), face.eyeMidY(), CHIP / 2.0,
                EYE_Y * CHIP);
        return toChip.render(image, CHIP, CHIP);
    }

    float[] describe(RgbImage chip) {
        float[] data = new float[3 * CHIP * CHIP];
        int plane = CHIP * CHIP;
        for (int i = 0; i < plane; i++) {
            // 8-bit values as floats, as the graph expects (it normalises inside)
            data[i] = Math.round(chip.r[i] * 255f);
            data[plane + i] = Math.round(chip.g[i] * 255f);
            data[2 * plane + i] = Math.round(chip.b[i] * 255f);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(data),
                new long[]{1, 3, CHIP, CHIP});
             OrtSession.Result out = models.descriptor.run(Map.of("input", input))) {
            FloatBuffer buffer = ((OnnxTensor) out.get(0)).getFloatBuffer();
            float[] descriptor = new float[buffer.remaining()];
            buffer.get(descriptor);
            return descriptor;
        } catch (OrtException e) {
            throw new IllegalStateException("face descriptor failed: " + e.getMessage(), e);
        }
    }

    static IdentityScore compare(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return new IdentityScore(dot / Math.sqrt(na * nb), Math.sqrt(d2));
    }
}
