package io.headshots.generator.engine.diffusion;

import java.nio.file.Path;

/**
 * What the diffusion engine is told (from {@code generator.diffusion.*} and the shared {@code generator.*}).
 *
 * @param vramBudgetMib     null: not checked
 * @param stepsOverride     0: each style's steps (or {@code defaultSteps} where it names none)
 * @param minIdentityCosine -1 turns the identity check off
 * @param eyeLine           height of the eye line in the keypoint image, fraction of the side
 * @param eyeDistance       distance between the eyes in the keypoint image, fraction of the side
 */
public record DiffusionOptions(Path modelDir, String device, int intraOpThreads, long maxInputPixels,
        Long vramBudgetMib, String scheduler, int defaultSteps, int stepsOverride, int vaeTileSize,
        double faceMinScore, double minIdentityCosine, double eyeLine, double eyeDistance) {
}
