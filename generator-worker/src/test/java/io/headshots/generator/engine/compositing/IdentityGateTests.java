package io.headshots.generator.engine.compositing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.OtherPeople;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;

/**
 * The identity gate with real faces: a headshot whose face is another person's (the engine handed
 * another person's face crop, a real portrait from the face-api demo photos) fails
 * {@code identity_mismatch} with its score; the portrait's own headshot passes.
 */
class IdentityGateTests {
    /** The demo photo the other person's face crop is cut from; its largest face. */
    static final String OTHER_PHOTO = "sample2.jpg";

    private static byte[] otherPerson;
    private static Headshot otherPersonsHeadshot;

    @BeforeAll
    static void makeAHeadshotOfAnotherPerson() {
        otherPerson = TestPhotos.jpeg(largestFaceCrop(TestPhotos.decode(OtherPeople.demoPhoto(OTHER_PHOTO))));
        otherPersonsHeadshot = SharedEngine.get().generate(otherPerson,
                new HeadshotRequest(Styles.byName("corporate").orElseThrow(), 0, 1024), GenerationListener.NONE);
    }

    @Test
    void aHeadshotWhoseFaceIsAnotherPersonsFailsIdentityMismatchWithTheScoreInTheFailure() {
        IdentityMismatch failure = catchThrowableOfType(IdentityMismatch.class,
                () -> SharedEngine.get().checkIdentity(TestPhotos.portrait(), otherPersonsHeadshot.image()));

        assertThat(failure).as("another person's face must not pass the gate").isNotNull();
        assertThat(failure.code()).isEqualTo(GenerationFailure.IDENTITY_MISMATCH);
        IdentityScore score = failure.score().orElseThrow();
        assertThat(score.distance()).isGreaterThan(SharedEngine.OPTIONS.maxIdentityDistance());
        assertThat(failure.getMessage())
                .contains(String.format(Locale.ROOT, "identity distance %.3f", score.distance()))
                .contains(String.format(Locale.ROOT, "cosine %.3f", score.cosine()));
    }

    @Test
    void theOtherPersonsOwnHeadshotAndThePortraitsOwnHeadshotBothPass() {
        // the gate tells people apart, it does not refuse everything: each headshot passes against its own photo
        assertThat(otherPersonsHeadshot.identity().distance()).isLessThan(SharedEngine.OPTIONS.maxIdentityDistance());
        Headshot own = SharedEngine.get().generate(TestPhotos.portrait(),
                new HeadshotRequest(Styles.byName("corporate").orElseThrow(), 0, 1024), GenerationListener.NONE);

        IdentityScore score = SharedEngine.get().checkIdentity(TestPhotos.portrait(), own.image());

        assertThat(score.distance()).isLessThan(SharedEngine.OPTIONS.maxIdentityDistance());
    }

    /** A head-and-shoulders square around the photo's largest face, as a selfie would frame it. */
    static BufferedImage largestFaceCrop(BufferedImage photo) {
        List<Face> faces = SharedEngine.get().detector().detect(RgbImage.of(photo));
        Face face = faces.stream().max(Comparator.comparingDouble(Face::area)).orElseThrow();
        int side = Math.min(Math.min(photo.getWidth(), photo.getHeight()), Math.round(3.2f * face.w()));
        int x = clamp(Math.round(face.cx() - side / 2f), photo.getWidth() - side);
        int y = clamp(Math.round(face.cy() - 0.4f * side), photo.getHeight() - side);
        BufferedImage crop = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        g.drawImage(photo, -x, -y, null);
        g.dispose();
        return crop;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
