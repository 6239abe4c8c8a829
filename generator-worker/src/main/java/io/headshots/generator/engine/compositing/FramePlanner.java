package io.headshots.generator.engine.compositing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.headshots.generator.engine.GenerationFailure;

/**
 * Chooses a frame the photo can fill. The planned frame (eyes level, a fixed distance apart, on the eye
 * line, centred) may reach past the photo's edge: harmless where only background meets that edge (the
 * painted backdrop takes its place), wrong where the person does (a selfie cut at mid-chest: the torso
 * would end in a straight, maybe slanted, line with backdrop below it). So the person's matte in the
 * planned frame is read along the photo's edge: where the person touches it are the <em>contacts</em>.
 * With none in the frame, the planned frame stays. Otherwise the frame comes closer (the face larger,
 * about the eyes, in 2 % steps) until no contact is inside it; if even the closest headshot allowed
 * still shows one (a photo cut at the chin), the photo fails {@code photo_too_tight} rather than
 * deliver a cut portrait.
 */
final class FramePlanner {
    /** Zoom step, relative to the face size. */
    private static final double ZOOM_STEP = 1.02;
    /** Photo pixels from the photo's edge within which a person pixel counts as touching it. */
    private static final double TOUCH = 2.5;
    /** Frame pixels a contact must stay outside the frame (the fade and resampling reach a few pixels). */
    private static final double CLEARANCE = 6;

    private FramePlanner() {
    }

    /** The planned frame: eyes level, {@code eyeDistance} frame pixels apart, their midpoint on the eye line, centred. */
    static Similarity planned(Face face, double eyeDistance, double eyeLine, int size) {
        return Similarity.of(eyeDistance / face.eyeDistance(), -face.roll(), face.eyeMidX(), face.eyeMidY(),
                size / 2.0, eyeLine);
    }

    /**
     * Where the person touches the photo's edge, in photo pixels: frame pixels of the person (matte over
     * 0.5) whose photo position is inside the photo but within {@link #TOUCH} pixels of its edge.
     */
    static List<float[]> contacts(Similarity frame, float[] alpha, int size, int photoWidth, int photoHeight) {
        Similarity toPhoto = frame.inverse();
        List<float[]> contacts = new ArrayList<>();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (alpha[y * size + x] <= 0.5f) {
                    continue;
                }
                float[] p = toPhoto.apply(x + 0.5, y + 0.5);
                double inside = Math.min(Math.min(p[0], photoWidth - p[0]), Math.min(p[1], photoHeight - p[1]));
                if (inside >= 0 && inside < TOUCH) {
                    contacts.add(p);
                }
            }
        }
        return contacts;
    }

    /**
     * The planned frame when no contact is inside it, else the least closer one (same eyes, same eye line)
     * that leaves every contact outside.
     *
     * @param maxEyeDistance the closest headshot allowed: most frame pixels between the eyes
     * @throws GenerationFailure {@code photo_too_tight} when no allowed frame leaves the contacts out
     */
    static Similarity fill(Face face, double eyeDistance, double maxEyeDistance, double eyeLine, int size,
            List<float[]> contacts) {
        for (double distance = eyeDistance; distance <= Math.max(eyeDistance, maxEyeDistance) * 1.0001;
                distance *= ZOOM_STEP) {
            Similarity frame = planned(face, distance, eyeLine, size);
            if (noneInside(frame, size, contacts)) {
                return frame;
            }
        }
        throw new GenerationFailure(GenerationFailure.PHOTO_TOO_TIGHT, String.format(Locale.ROOT,
                "the photo is cut too close around the person for a headshot: its edge would cross the person "
                        + "inside the frame even with the eyes %.0f%% of the frame apart (it must show the whole "
                        + "head and reach below the chin to the shoulders)", 100.0 * maxEyeDistance / size));
    }

    private static boolean noneInside(Similarity frame, int size, List<float[]> contacts) {
        for (float[] c : contacts) {
            float[] q = frame.apply(c[0], c[1]);
            if (q[0] > -CLEARANCE && q[1] > -CLEARANCE && q[0] < size + CLEARANCE && q[1] < size + CLEARANCE) {
                return false;
            }
        }
        return true;
    }
}
