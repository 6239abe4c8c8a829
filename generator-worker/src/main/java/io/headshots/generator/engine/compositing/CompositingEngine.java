package io.headshots.generator.engine.compositing;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.headshots.contracts.Styles;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityScore;

/**
 * The default engine: the person in the photo, re-framed and re-lit on a painted backdrop. Nothing
 * of the face is synthesised, so identity is kept by construction and then verified.
 *
 * <ol>
 *   <li>decode, EXIF orientation first;</li>
 *   <li>find faces (BlazeFace, whole photo then tiles); choose one (see {@link #choose});
 *       refuse a face too small or too blurred;</li>
 *   <li>frame: rotate so the eyes are level, scale so they are a fixed fraction of the side apart, eye
 *       line at a fixed height; the eyes are first re-measured twice on a level close-up of the face,
 *       where the detector is several times more precise than on the whole photo. Where the person
 *       meets the photo's edge inside the frame, the frame comes closer ({@link FramePlanner});</li>
 *   <li>matte the framed person with ISNet at 1024 x 1024, refined by a guided filter;</li>
 *   <li>paint the style's backdrop, light the person, composite, sharpen, grade;</li>
 *   <li>verify: detect the face in the output again and compare dlib descriptors with the photo's.</li>
 * </ol>
 */
public final class CompositingEngine implements HeadshotEngine {
    public static final String NAME = "default";
    private static final int STEPS = 6;

    private final CompositingOptions options;
    private final OrtModels models;
    private final FaceDetector detector;
    private final Matting matting;
    private final IdentityGate identityGate;

    public CompositingEngine(CompositingOptions options) {
        this.options = options;
        this.models = new OrtModels(options);
        this.detector = new FaceDetector(models, options.minDetectionScore());
        this.matting = new Matting(models);
        this.identityGate = new IdentityGate(detector, new FaceDescriptor(models), options.maxIdentityDistance());
    }

    /** The model names this engine loads, for a readiness check. */
    public static List<String> requiredModels(String mattingModel) {
        return OrtModels.required(mattingModel);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Headshot generate(byte[] photo, HeadshotRequest request, GenerationListener listener) {
        return compose(photo, request, listener).headshot();
    }

    /**
     * A headshot with how it was made: the frame (photo to output) and the person's matte in the output,
     * for checks of the framing (no photo edge may cross the person).
     */
    record Composition(Headshot headshot, Similarity frame, float[] alpha, int photoWidth, int photoHeight) {
    }

    Composition compose(byte[] photo, HeadshotRequest request, GenerationListener listener) {
        List<String> notes = new ArrayList<>();
        Progress progress = new Progress(listener);
        RgbImage source = RgbImage.of(PhotoDecoder.decode(photo, options.maxInputPixels()));
        progress.step();

        Face face = choose(detector.detect(source), notes);
        if (face.eyeDistance() < options.minEyeDistance()) {
            throw new GenerationFailure(GenerationFailure.FACE_TOO_SMALL, String.format(Locale.ROOT,
                    "the face is too small: %.0f px between the eyes, at least %.0f needed", face.eyeDistance(),
                    options.minEyeDistance()));
        }
        double sharpness = FaceQuality.sharpness(source, face);
        if (sharpness < options.minSharpness()) {
            throw new GenerationFailure(GenerationFailure.FACE_TOO_BLURRY, String.format(Locale.ROOT,
                    "the face is too blurred (sharpness %.1f, at least %.1f needed)", sharpness,
                    options.minSharpness()));
        }
        progress.step();

        int size = request.size();
        Styles.Style style = request.style();
        Variation variation = Variation.of(style, request.variant());
        face = detector.refine(source, detector.refine(source, face));
        double plannedEyeDistance = options.eyeDistance() * size * variation.scale();
        Similarity frame = FramePlanner.planned(face, plannedEyeDistance, options.eyeLine() * size, size);
        RgbImage framed = frame.render(source, size, size);
        float[] alpha = matte(framed, frame, face);
        List<float[]> contacts = FramePlanner.contacts(frame, alpha, size, source.width, source.height);
        if (!contacts.isEmpty()) {
            // the person meets the photo's edge somewhere: a frame that keeps those places out, or none
            Similarity filled = FramePlanner.fill(face, plannedEyeDistance, options.maxEyeDistance() * size,
                    options.eyeLine() * size, size, contacts);
            if (!filled.equals(frame)) {
                frame = filled;
                framed = frame.render(source, size, size);
                alpha = matte(framed, frame, face);
            }
        }
        progress.step();

        float[] eyes = frame.apply(face.eyeMidX(), face.eyeMidY());
        fadeOutsidePhoto(alpha, frame, source.width, source.height, size);
        progress.step();

        RgbImage backdrop = BackdropPainter.paint(style.look().backdrop(), variation, size);
        double eyeDistance = frame.scale() * face.eyeDistance();
        float faceCentreY = eyes[1] + (float) (eyeDistance * 0.6);
        RgbImage composite = PortraitCompositor.compose(framed, alpha, backdrop, variation.light(style.look().light()),
                variation.keyAngle(), eyes[0], faceCentreY, frame.scale());
        Finishing.apply(composite, alpha, variation.grade(style.look().grade()), variation.seed());
        BufferedImage image = composite.toBufferedImage(variation.seed());
        progress.step();


        IdentityScore identity = identityGate.check(identityGate.describe(source, face), RgbImage.of(image), eyes,
                eyeDistance);
        notes.add(String.format(Locale.ROOT, "identity: cosine %.3f, distance %.3f (same person under %.2f)",
                identity.cosine(), identity.distance(), options.maxIdentityDistance()));
        progress.step();
        return new Composition(new Headshot(image, identity, notes), frame, alpha, source.width, source.height);
    }

    /**
     * The identity gate on an output made from {@code photo} elsewhere (e.g. a headshot after upscaling):
     * the photo's face is found as {@link #generate} finds it, the output's largest face is compared.
     *
     * @throws io.headshots.generator.engine.IdentityMismatch when the output's face is not the photo's person
     * @throws GenerationFailure when the photo itself is refused (no face, undecodable, ...)
     */
    @Override
    public IdentityScore checkIdentity(byte[] photo, BufferedImage output) {
        RgbImage source = RgbImage.of(PhotoDecoder.decode(photo, options.maxInputPixels()));
        Face face = choose(detector.detect(source), new ArrayList<>());
        face = detector.refine(source, detector.refine(source, face));
        return identityGate.check(identityGate.describe(source, face), RgbImage.of(output), null, 0);
    }

    /**
     * One face: the only one, or the largest when its box is at least {@code dominance} times the area
     * of the next largest (a selfie with someone small in the background). Otherwise the photo is
     * ambiguous: {@code multiple_faces}.
     */
    Face choose(List<Face> faces, List<String> notes) {
        if (faces.isEmpty()) {
            throw new GenerationFailure(GenerationFailure.NO_FACE, "no face was found in the photo");
        }
        List<Face> bySize = new ArrayList<>(faces);
        bySize.sort(Comparator.comparingDouble(Face::area).reversed());
        Face largest = bySize.get(0);
        if (bySize.size() > 1) {
            double ratio = largest.area() / bySize.get(1).area();
            if (ratio < options.dominance()) {
                throw new GenerationFailure(GenerationFailure.MULTIPLE_FACES, String.format(Locale.ROOT,
                        "%d faces of similar size were found; the photo must show one person", bySize.size()));
            }
            notes.add(String.format(Locale.ROOT,
                    "%d faces found; used the largest (%.1fx the area of the next, at least %.1fx required)",
                    bySize.size(), ratio, options.dominance()));
        }
        return largest;
    }

    private float[] matte(RgbImage framed, Similarity frame, Face face) {
        // the nose: surely inside the face, whatever the hair does
        float[] nose = frame.apply(face.x(2), face.y(2));
        return matting.matte(framed, Math.round(nose[0]), Math.round(nose[1]));
    }

    /**
     * Where the frame reaches past the photo's edge, the framed image only repeats the edge pixels:
     * the person is faded out there (over a photo pixel or two) rather than smeared to the border.
     */
    private static void fadeOutsidePhoto(float[] alpha, Similarity frame, int width, int height, int size) {
        Similarity toPhoto = frame.inverse();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float[] p = toPhoto.apply(x + 0.5, y + 0.5);
                float inside = Math.min(Math.min(p[0], width - p[0]), Math.min(p[1], height - p[1]));
                if (inside < 1.5f) {
                    alpha[y * size + x] *= Math.max(0f, (inside + 0.5f) / 2f);
                }
            }
        }
    }

    /** The engine's detector, for checks on its outputs. */
    FaceDetector detector() {
        return detector;
    }

    @Override
    public void close() {
        models.close();
    }

    private static final class Progress {
        private final GenerationListener listener;
        private int done;

        Progress(GenerationListener listener) {
            this.listener = listener;
        }

        void step() {
            listener.step(++done, STEPS);
            if (done < STEPS && listener.cancelled()) {
                throw new GenerationFailure(GenerationFailure.CANCELED, "canceled");
            }
        }
    }
}
