package io.headshots.generator.engine.compositing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;

/**
 * The default engine on a real portrait with the real models. One headshot per style is made once and
 * shared by the tests that look at it.
 */
class CompositingEngineTests {
    private static final int SIZE = 1024;
    private static final Map<String, Headshot> BY_STYLE = new LinkedHashMap<>();

    @BeforeAll
    static void generateOnePerStyle() {
        for (Styles.Style style : Styles.all()) {
            BY_STYLE.put(style.name(), generate(TestPhotos.portrait(), style, 0));
        }
    }

    @Test
    void framesTheFaceLevelWithTheEyeLineAtItsConfiguredHeight() {
        FaceDetector detector = SharedEngine.get().detector();
        for (Map.Entry<String, Headshot> e : BY_STYLE.entrySet()) {
            BufferedImage image = e.getValue().image();
            assertThat(image.getWidth()).isEqualTo(SIZE);
            assertThat(image.getHeight()).isEqualTo(SIZE);
            RgbImage output = RgbImage.of(image);
            List<Face> faces = detector.detectWhole(output);
            assertThat(faces).as(e.getKey()).hasSize(1);
            Face face = detector.refine(output, faces.get(0));
            assertThat(Math.abs(Math.toDegrees(face.roll()))).as(e.getKey() + " roll").isLessThan(2.0);
            assertThat((double) face.eyeMidY() / SIZE).as(e.getKey() + " eye line")
                    .isBetween(SharedEngine.OPTIONS.eyeLine() - 0.03, SharedEngine.OPTIONS.eyeLine() + 0.03);
            assertThat((double) face.eyeMidX() / SIZE).as(e.getKey() + " centred").isBetween(0.47, 0.53);
        }
    }

    @Test
    void everyStyleLooksDifferentFromEveryOther() {
        List<String> names = new ArrayList<>(BY_STYLE.keySet());
        assertThat(names).hasSize(8);
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double distance = histogramDistance(BY_STYLE.get(names.get(i)).image(),
                        BY_STYLE.get(names.get(j)).image());
                // L1 distance of 4x4x4-bin colour histograms, 0..2; measured 0.5 and up between styles
                assertThat(distance).as(names.get(i) + " vs " + names.get(j)).isGreaterThan(0.25);
            }
        }
    }

    @Test
    void everyDeliveredHeadshotKeepsThePersonsIdentity() {
        for (Map.Entry<String, Headshot> e : BY_STYLE.entrySet()) {
            assertThat(e.getValue().identity().distance()).as(e.getKey())
                    .isLessThan(SharedEngine.OPTIONS.maxIdentityDistance());
            assertThat(e.getValue().identity().cosine()).as(e.getKey()).isGreaterThan(0.9);
            assertThat(e.getValue().notes()).anyMatch(n -> n.startsWith("identity"));
        }
    }

    @Test
    void theSameTaskGivesIdenticalBytes() {
        Styles.Style style = Styles.all().get(0);
        Headshot again = generate(TestPhotos.portrait(), style, 0);

        assertThat(HeadshotPng.encode(again.image())).isEqualTo(HeadshotPng.encode(BY_STYLE.get(style.name()).image()));
    }

    @Test
    void anotherVariantGivesAnotherHeadshot() {
        Styles.Style style = Styles.all().get(0);
        Headshot other = generate(TestPhotos.portrait(), style, 1);

        double difference = meanAbsoluteDifference(other.image(), BY_STYLE.get(style.name()).image());
        assertThat(difference).isGreaterThan(0.01);
        assertThat(other.identity().distance()).isLessThan(SharedEngine.OPTIONS.maxIdentityDistance());
    }

    @Test
    void aPhotoWithoutAFaceFailsWithNoFace() {
        assertFailure(TestPhotos.landscape(), GenerationFailure.NO_FACE);
    }

    @Test
    void twoFacesOfSimilarSizeFailWithMultipleFaces() {
        assertFailure(TestPhotos.twoPeople(), GenerationFailure.MULTIPLE_FACES);
    }

    @Test
    void aFaceFoundOnlyByTheTiledPassFailsAsTooSmall() {
        assertFailure(TestPhotos.tinyFace(), GenerationFailure.FACE_TOO_SMALL);
    }

    @Test
    void aBlurredFaceFailsAsTooBlurry() {
        assertFailure(TestPhotos.blurred(), GenerationFailure.FACE_TOO_BLURRY);
    }

    @Test
    void bytesThatAreNoImageFailAsUndecodable() {
        assertFailure("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                GenerationFailure.UNDECODABLE_IMAGE);
    }

    private static void assertFailure(byte[] photo, String code) {
        assertThatThrownBy(() -> generate(photo, Styles.all().get(0), 0))
                .isInstanceOfSatisfying(GenerationFailure.class, f -> assertThat(f.code()).isEqualTo(code));
    }

    private static Headshot generate(byte[] photo, Styles.Style style, int variant) {
        return SharedEngine.get().generate(photo, new HeadshotRequest(style, variant, SIZE), GenerationListener.NONE);
    }

    static double histogramDistance(BufferedImage a, BufferedImage b) {
        double[] ha = histogram(a);
        double[] hb = histogram(b);
        double sum = 0;
        for (int i = 0; i < ha.length; i++) {
            sum += Math.abs(ha[i] - hb[i]);
        }
        return sum;
    }

    private static double[] histogram(BufferedImage image) {
        double[] bins = new double[64];
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                bins[(((p >> 22) & 3) << 4) | (((p >> 14) & 3) << 2) | ((p >> 6) & 3)] += 1.0 / n;
            }
        }
        return bins;
    }

    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    sum += Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF)) / 255.0;
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
