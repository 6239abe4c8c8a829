package io.headshots.generator.engine.compositing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.HeadshotRequest;

/**
 * Framing that the photo can fill, on photos made for it from the test portrait: cut at the chest, at the
 * collarbone, at the chin, tilted, and with the face near an edge. For each output, the matte and the
 * photo's footprint in the frame show that no photo edge crosses the person; a photo cut at the chin
 * fails {@code photo_too_tight}.
 */
class FramingTests {
    private static final int SIZE = 1024;
    /** Frame pixels around the footprint's edge inside which the person must not be (the fade is ~4 px). */
    private static final int EDGE_BAND = 8;

    private static BufferedImage portrait;
    private static Face face;

    @BeforeAll
    static void measureThePortrait() {
        portrait = TestPhotos.portraitImage();
        RgbImage photo = RgbImage.of(portrait);
        face = SharedEngine.get().detector().detect(photo).get(0);
    }

    @Test
    void photosCutAtTheChestAtTheCollarboneTiltedOrWithTheFaceNearAnEdgeAreFramedSoNoPhotoEdgeCrossesThePerson() {
        Map<String, BufferedImage> photos = new LinkedHashMap<>();
        photos.put("cut at the chest", cutBelowEyes(portrait, 3.9));
        photos.put("cut at the collarbone", cutBelowEyes(portrait, 3.1));
        photos.put("tilted 8 degrees, cut at the chest", tilted(8, 3.9));
        photos.put("tilted -8 degrees, cut at the chest", tilted(-8, 3.9));
        photos.put("face near the left edge", crop(portrait, Math.round(face.eyeMidX() - 3.2f * face.eyeDistance()), 0,
                portrait.getWidth(), portrait.getHeight()));
        for (Map.Entry<String, BufferedImage> e : photos.entrySet()) {
            CompositingEngine.Composition made = SharedEngine.get().compose(TestPhotos.png(e.getValue()),
                    new HeadshotRequest(Styles.byName("studio").orElseThrow(), 0, SIZE), GenerationListener.NONE);

            int crossings = personPixelsAtThePhotosEdge(made);
            assertThat(crossings).as("%s: frame pixels of the person within %d px of the photo's edge", e.getKey(),
                    EDGE_BAND).isZero();
            if (e.getKey().contains("cut at")) {
                // the torso goes on to the frame's bottom edge: no straight line with backdrop below it
                assertThat(personReachesTheBottom(made)).as("%s: the person reaches the bottom of the frame", e.getKey())
                        .isTrue();
            }
        }
    }

    @Test
    void aPhotoCutAtTheChinFailsPhotoTooTightInsteadOfDeliveringACutPortrait() {
        byte[] chin = TestPhotos.png(cutBelowEyes(portrait, 1.8));

        GenerationFailure failure = catchThrowableOfType(GenerationFailure.class, () -> SharedEngine.get().generate(chin,
                new HeadshotRequest(Styles.byName("studio").orElseThrow(), 0, SIZE), GenerationListener.NONE));

        assertThat(failure.code()).isEqualTo(GenerationFailure.PHOTO_TOO_TIGHT);
    }

    @Test
    void thePlannedFrameIsKeptWithoutContactsComesCloserToLeaveThemOutAndFailsWhenItCannot() {
        // a face with its eyes 40 px apart at (1000, 1000), level
        Face level = new Face(0.9f, 1000, 1010, 100, 100, new float[]{
                980, 1000, 1020, 1000, 1000, 1020, 1000, 1040, 960, 1000, 1040, 1000});
        double planned = 0.13 * SIZE;
        double closest = 0.2 * SIZE;
        double eyeLine = 0.42 * SIZE;

        Similarity kept = FramePlanner.fill(level, planned, closest, eyeLine, SIZE, List.of());
        assertThat(kept.scale() * level.eyeDistance()).isCloseTo(planned, Offset.offset(1e-6));
        assertThat(kept.apply(1000, 1000)[0]).isCloseTo(SIZE / 2f, Offset.offset(1e-3f));

        // the person meets the photo's bottom edge 4 eye distances below the eyes: the planned frame
        // reaches 4.46 below them, so it comes closer until that edge is out of the frame
        List<float[]> chest = List.of(new float[]{1000, 1160}, new float[]{960, 1160}, new float[]{1040, 1160});
        Similarity closer = FramePlanner.fill(level, planned, closest, eyeLine, SIZE, chest);
        double eyes = closer.scale() * level.eyeDistance();
        assertThat(eyes).isGreaterThan(planned).isLessThanOrEqualTo(closest);
        for (float[] c : chest) {
            assertThat(closer.apply(c[0], c[1])[1]).isGreaterThan(SIZE);
        }

        // cut at the chin (1.8 eye distances below the eyes): no headshot frame leaves it out
        List<float[]> chin = List.of(new float[]{1000, 1072});
        GenerationFailure failure = catchThrowableOfType(GenerationFailure.class,
                () -> FramePlanner.fill(level, planned, closest, eyeLine, SIZE, chin));
        assertThat(failure.code()).isEqualTo(GenerationFailure.PHOTO_TOO_TIGHT);
    }

    /** Frame pixels where the person is (matte over 0.5) within {@link #EDGE_BAND} px of a pixel outside the photo. */
    private static int personPixelsAtThePhotosEdge(CompositingEngine.Composition made) {
        Similarity toPhoto = made.frame().inverse();
        boolean[] outside = new boolean[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float[] p = toPhoto.apply(x + 0.5, y + 0.5);
                outside[y * SIZE + x] = p[0] < 0 || p[1] < 0 || p[0] >= made.photoWidth() || p[1] >= made.photoHeight();
            }
        }
        int crossings = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (made.alpha()[y * SIZE + x] > 0.5f && nearOutside(outside, x, y)) {
                    crossings++;
                }
            }
        }
        return crossings;
    }

    private static boolean nearOutside(boolean[] outside, int x, int y) {
        for (int dy = -EDGE_BAND; dy <= EDGE_BAND; dy += 2) {
            for (int dx = -EDGE_BAND; dx <= EDGE_BAND; dx += 2) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < SIZE && yy < SIZE && outside[yy * SIZE + xx]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The person's torso continues to the frame's bottom edge below the face (no backdrop under it). */
    private static boolean personReachesTheBottom(CompositingEngine.Composition made) {
        int y = SIZE - 2;
        int covered = 0;
        for (int x = SIZE / 2 - 60; x < SIZE / 2 + 60; x++) {
            if (made.alpha()[y * SIZE + x] > 0.5f) {
                covered++;
            }
        }
        return covered > 110;
    }

    private static BufferedImage cutBelowEyes(BufferedImage photo, double eyeDistances) {
        int bottom = Math.round(face.eyeMidY() + (float) eyeDistances * face.eyeDistance());
        return crop(photo, 0, 0, photo.getWidth(), Math.min(photo.getHeight(), bottom));
    }

    /**
     * The portrait turned about the eyes, as a selfie taken at a slant, then cut at the chest; the sides are
     * cut in far enough that no blank corner of the turn is left beside or below the person (the small blank
     * corners above the shoulders are background, as a turned photo's would be).
     */
    private static BufferedImage tilted(double degrees, double eyeDistancesBelow) {
        BufferedImage turned = new BufferedImage(portrait.getWidth(), portrait.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = turned.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(portrait, AffineTransform.getRotateInstance(Math.toRadians(degrees), face.eyeMidX(), face.eyeMidY()),
                null);
        g.dispose();
        int bottom = Math.round(face.eyeMidY() + (float) eyeDistancesBelow * face.eyeDistance());
        return crop(turned, 30, 0, portrait.getWidth() - 30, bottom);
    }

    private static BufferedImage crop(BufferedImage photo, int x0, int y0, int x1, int y1) {
        BufferedImage out = new BufferedImage(x1 - x0, y1 - y0, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(photo, -x0, -y0, null);
        g.dispose();
        return out;
    }
}
