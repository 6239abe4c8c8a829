package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import io.headshots.models.reference.BlazeFaceDecoder;
import io.headshots.models.reference.BlazeFaceDecoder.Face;
import io.headshots.models.reference.DemoPhotos;
import io.headshots.models.reference.FaceCrops;
import io.headshots.models.reference.OnnxRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The BlazeFace contract of the README (input layout and scaling, output heads, anchor decoding) finds real faces. */
class FaceDetectionModelTests {

    private static final ModelStore STORE = ModelStore.defaultStore();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"blazeface-front-128, 128", "blazeface-back-256, 256"})
    void modelTakesOneNhwcImageAndReturnsScoresAndRegressorsFor896Anchors(String name, int size) throws Exception {
        try (OnnxRunner runner = new OnnxRunner(STORE.ensure(name))) {
            NodeInfo input = runner.session().getInputInfo().get(BlazeFaceDecoder.INPUT);
            assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(1, size, size, 3);

            Map<String, OnnxRunner.Output> out = runner.run(BlazeFaceDecoder.INPUT, new float[size * size * 3], 1, size, size, 3);

            assertThat(out.keySet()).containsExactlyInAnyOrder("Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0");
            assertThat(out.get("Identity:0").shape()).containsExactly(1, 512, 1);
            assertThat(out.get("Identity_1:0").shape()).containsExactly(1, 384, 1);
            assertThat(out.get("Identity_2:0").shape()).containsExactly(1, 512, 16);
            assertThat(out.get("Identity_3:0").shape()).containsExactly(1, 384, 16);
        }
    }

    @ParameterizedTest
    @CsvSource({"sample1.jpg, 3", "sample6.jpg, 4"})
    void fullRangeModelFindsEveryFaceOfAGroupPhotoWithEyesAboveTheMouth(String photo, int people) throws Exception {
        BufferedImage image = DemoPhotos.load(STORE, photo, dir);

        List<Face> faces = FaceCrops.detect(STORE, image, 0.75f);

        assertThat(faces).hasSize(people).allSatisfy(FaceDetectionModelTests::isUprightFace);
    }

    @Test
    void shortRangeModelFindsTheFaceOfASelfieLikeCrop() throws Exception {
        BufferedImage image = DemoPhotos.load(STORE, "sample1.jpg", dir);
        Face middle = FaceCrops.detect(STORE, image, 0.75f).get(1);
        BufferedImage selfie = FaceCrops.crop(image, middle, 2.5, 128);

        List<Face> faces;
        try (OnnxRunner runner = new OnnxRunner(STORE.ensure("blazeface-front-128"))) {
            faces = BlazeFaceDecoder.decode(runner.run(BlazeFaceDecoder.INPUT, BlazeFaceDecoder.input(selfie), 1, 128, 128, 3),
                    128, 0.75f);
        }

        assertThat(faces).singleElement().satisfies(face -> {
            isUprightFace(face);
            assertThat(face.cx()).isBetween(0.35f, 0.65f);
            assertThat(face.cy()).isBetween(0.35f, 0.65f);
            assertThat(face.w()).isBetween(0.25f, 0.6f);
        });
    }

    /** Keypoints 0 and 1 are the eyes (0 on the image's left), 3 the mouth; all inside the box, eyes above the mouth. */
    private static void isUprightFace(Face face) {
        assertThat(face.keypointX(0)).isLessThan(face.keypointX(1));
        assertThat(face.keypointY(0)).isLessThan(face.keypointY(3));
        assertThat(face.keypointY(1)).isLessThan(face.keypointY(3));
        for (int k = 0; k < 4; k++) {
            assertThat(Math.abs(face.keypointX(k) - face.cx())).isLessThan(face.w() / 2);
            assertThat(Math.abs(face.keypointY(k) - face.cy())).isLessThan(face.h() / 2);
        }
    }
}
