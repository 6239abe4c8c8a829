package io.headshots.generator.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code identity_mismatch}: the face in the headshot is not the photo's person (or was not found again).
 * Carries the score that failed, which the message states too, so the recorded task result shows it.
 */
public class IdentityMismatch extends GenerationFailure {
    private final transient IdentityScore score;

    private IdentityMismatch(String message, IdentityScore score) {
        super(IDENTITY_MISMATCH, message);
        this.score = score;
    }

    /** The faces were compared and are too far apart. */
    public static IdentityMismatch tooFar(IdentityScore score, double maxDistance) {
        return new IdentityMismatch(String.format(Locale.ROOT,
                "the headshot does not look enough like the photo (identity distance %.3f, at most %.3f; cosine %.3f)",
                score.distance(), maxDistance, score.cosine()), score);
    }

    /** The faces were compared and their cosine is under the engine's minimum (the diffusion engine's rule). */
    public static IdentityMismatch tooDissimilar(IdentityScore score, double minCosine) {
        return new IdentityMismatch(String.format(Locale.ROOT,
                "the headshot does not keep the person's identity (cosine %.3f, at least %.3f; identity distance %.3f)",
                score.cosine(), minCosine, score.distance()), score);
    }

    /** No face near the expected place in the headshot: nothing to compare. */
    public static IdentityMismatch notFound() {
        return new IdentityMismatch("the person's face could not be found again in the headshot", null);
    }

    /** The score that failed; empty when no face was found to compare. */
    public Optional<IdentityScore> score() {
        return Optional.ofNullable(score);
    }
}
