package io.headshots.generator.engine.compositing;

import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;

/**
 * Delivers a headshot only if its face is the photo's person: the face is found again in the output,
 * both faces are cut as eye-aligned chips the same way, and their dlib descriptors are compared.
 * A distance above the limit fails the output {@code identity_mismatch}, with the score.
 */
final class IdentityGate {
    private final FaceDetector detector;
    private final FaceDescriptor descriptor;
    private final double maxDistance;

    IdentityGate(FaceDetector detector, FaceDescriptor descriptor, double maxDistance) {
        this.detector = detector;
        this.descriptor = descriptor;
        this.maxDistance = maxDistance;
    }

    /** The descriptor of {@code face} in {@code image}, computed once per photo. */
    float[] describe(RgbImage image, Face face) {
        return descriptor.describe(FaceDescriptor.chip(image, face));
    }

    /**
     * The score of the face in {@code output} against {@code photoFace}.
     *
     * @param expectedEyes where the engine put the eyes' midpoint, or {@code null} for an output made
     *                     elsewhere (then its largest face is compared)
     * @param radius       how far from {@code expectedEyes} the face may be found
     * @throws IdentityMismatch when no face is found there, or when it is another person's
     */
    IdentityScore check(float[] photoFace, RgbImage output, float[] expectedEyes, double radius) {
        Face found = null;
        double best = Double.MAX_VALUE;
        for (Face f : detector.detectWhole(output)) {
            double rank = expectedEyes == null ? -f.area()
                    : Math.hypot(f.eyeMidX() - expectedEyes[0], f.eyeMidY() - expectedEyes[1]);
            if (rank < best) {
                best = rank;
                found = f;
            }
        }
        if (found == null || (expectedEyes != null && best > radius)) {
            throw IdentityMismatch.notFound();
        }
        found = detector.refine(output, found);
        IdentityScore score = FaceDescriptor.compare(photoFace, describe(output, found));
        if (score.distance() > maxDistance) {
            throw IdentityMismatch.tooFar(score, maxDistance);
        }
        return score;
    }
}
