package io.headshots.generator.engine.compositing;

import java.nio.file.Path;

/**
 * Everything the compositing engine can be tuned with.
 *
 * @param modelsDir          directory holding {@code NAME.onnx} files (the models module's cache)
 * @param mattingModel       {@code isnet-matting} (fp16, cleaner edges) or {@code isnet-matting-uint8}
 * @param device             {@code cpu} or {@code cuda} (falls back to cpu when absent)
 * @param intraOpThreads     ONNX Runtime threads per call, 0 for all cores
 * @param maxInputPixels     largest photo accepted, checked from the header before decoding
 * @param minDetectionScore  BlazeFace score a face needs, 0..1
 * @param dominance          several faces: the largest is used when its box area is at least this many
 *                           times the next one's, else the photo fails with {@code multiple_faces}
 * @param minEyeDistance     fewer source pixels between the eyes fail with {@code face_too_small}
 * @param minSharpness       variance of the Laplacian of the aligned face (8-bit grey, 128 px chip)
 *                           below which the photo fails with {@code face_too_blurry}
 * @param eyeLine            height of the eye line in the output, fraction from the top
 * @param eyeDistance        distance between the eyes in the output, fraction of its side
 * @param maxEyeDistance     the closest framing allowed when the photo cannot fill the planned one
 *                           (eyes this fraction of the side apart); a photo that fills none fails
 *                           with {@code photo_too_tight}
 * @param maxIdentityDistance outputs whose face descriptor is further than this from the photo's fail
 *                           with {@code identity_mismatch} (dlib's same-person threshold is 0.6)
 */
public record CompositingOptions(
        Path modelsDir,
        String mattingModel,
        String device,
        int intraOpThreads,
        long maxInputPixels,
        double minDetectionScore,
        double dominance,
        double minEyeDistance,
        double minSharpness,
        double eyeLine,
        double eyeDistance,
        double maxEyeDistance,
        double maxIdentityDistance) {

    /** The defaults the worker configuration also uses, over the given model directory. */
    public static CompositingOptions defaults(Path modelsDir) {
        return new CompositingOptions(modelsDir, "isnet-matting", "cpu", 0, 40_000_000L, 0.6, 2.0, 28, 12, 0.42,
                0.13, 0.2, 0.6);
    }
}
