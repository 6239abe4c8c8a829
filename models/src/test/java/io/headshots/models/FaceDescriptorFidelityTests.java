package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.headshots.models.reference.BlazeFaceDecoder.Face;
import io.headshots.models.reference.DemoPhotos;
import io.headshots.models.reference.FaceApiReference;
import io.headshots.models.reference.FaceCrops;
import io.headshots.models.reference.OnnxRunner;
import io.headshots.models.source.TarballEntries;
import io.headshots.models.tfjs.FaceRecognitionNetToOnnx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converted dlib ResNet descriptor must reproduce face-api's own FaceRecognitionNet, run by
 * TensorFlow.js under Node, on real face crops; and its distances must behave as a face descriptor.
 */
class FaceDescriptorFidelityTests {

    private static final ModelStore STORE = ModelStore.defaultStore();
    private static final int SIZE = FaceRecognitionNetToOnnx.INPUT_SIZE;

    @TempDir
    static Path dir;

    /** Faces of two group photos (3 + 4 people), cut as face-api would get them. */
    private static final List<BufferedImage> CROPS = new ArrayList<>();

    @BeforeAll
    static void cropFaces() throws Exception {
        for (String photo : List.of("sample1.jpg", "sample6.jpg")) {
            BufferedImage image = DemoPhotos.load(STORE, photo, dir);
            for (Face face : FaceCrops.detect(STORE, image, 0.75f)) {
                CROPS.add(FaceCrops.crop(image, face, 1.6, SIZE));
            }
        }
        assertThat(CROPS).as("faces found by BlazeFace in the demo photos").hasSize(7);
    }

    @Test
    void onnxDescriptorsMatchFaceApiRunByTensorFlowJs() throws Exception {
        String why = FaceApiReference.whyUnavailable();
        assumeTrue(why == null, () -> "assuming node and npm run the TensorFlow.js reference, but " + why);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < CROPS.size(); i++) {
            files.add(Files.write(dir.resolve("crop-" + i + ".rgb"), DemoPhotos.rgbBytes(CROPS.get(i))));
        }
        FaceApiReference.install();
        List<float[]> expected = FaceApiReference.descriptors(faceApiWeights(), files);

        List<float[]> actual = onnxDescriptors(CROPS);

        assertThat(expected).hasSameSizeAs(actual);
        for (int i = 0; i < actual.size(); i++) {
            double cosine = cosine(expected.get(i), actual.get(i));
            double maxDiff = maxAbsDiff(expected.get(i), actual.get(i));
            System.out.printf("FIDELITY dlib-resnet-face-descriptor crop %d: cosine %.8f, max abs diff %.2e, |d| %.3f%n",
                    i, cosine, maxDiff, norm(expected.get(i)));
            assertThat(actual.get(i)).hasSize(128);
            assertThat(cosine).isGreaterThanOrEqualTo(0.9999);
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }

    @Test
    void descriptorKeepsAFaceCloseUnderReframingAndDifferentPeopleApart() throws Exception {
        List<float[]> faces = onnxDescriptors(CROPS);
        // The same faces cut a little tighter (1.45x instead of 1.6x the box).
        List<BufferedImage> tighter = new ArrayList<>();
        for (String photo : List.of("sample1.jpg", "sample6.jpg")) {
            BufferedImage image = DemoPhotos.load(STORE, photo, dir);
            for (Face face : FaceCrops.detect(STORE, image, 0.75f)) {
                tighter.add(FaceCrops.crop(image, face, 1.45, SIZE));
            }
        }
        List<float[]> reframed = onnxDescriptors(tighter);

        double worstSame = 0;
        double closestDifferent = Double.MAX_VALUE;
        for (int i = 0; i < faces.size(); i++) {
            worstSame = Math.max(worstSame, distance(faces.get(i), reframed.get(i)));
            for (int j = i + 1; j < faces.size(); j++) {
                closestDifferent = Math.min(closestDifferent, distance(faces.get(i), faces.get(j)));
            }
        }
        System.out.printf("IDENTITY same face reframed: max distance %.3f; different people: min distance %.3f%n",
                worstSame, closestDifferent);
        assertThat(worstSame).isLessThan(0.6);
        assertThat(closestDifferent).isGreaterThan(worstSame);
    }

    /** The manifest and shard straight from the verified tarball, not from anything the converter wrote. */
    private static Path faceApiWeights() throws Exception {
        ModelSource source = STORE.entry("dlib-resnet-face-descriptor").orElseThrow().source();
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        String base = source.path().substring(0, source.path().lastIndexOf('/') + 1);
        TarballEntries.extract(DemoPhotos.faceApiTarball(STORE), Map.of(
                source.path(), modelDir.resolve("face_recognition_model-weights_manifest.json"),
                base + "face_recognition_model.bin", modelDir.resolve("face_recognition_model.bin")));
        return modelDir;
    }

    /** One batch through the ONNX model: NCHW, RGB 0..255 as floats. */
    private static List<float[]> onnxDescriptors(List<BufferedImage> crops) throws Exception {
        int plane = SIZE * SIZE;
        float[] input = new float[crops.size() * 3 * plane];
        for (int n = 0; n < crops.size(); n++) {
            byte[] rgb = DemoPhotos.rgbBytes(crops.get(n));
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    input[(n * 3 + c) * plane + p] = rgb[p * 3 + c] & 0xFF;
                }
            }
        }
        try (OnnxRunner runner = new OnnxRunner(STORE.ensure("dlib-resnet-face-descriptor"))) {
            OnnxRunner.Output out = runner.run(FaceRecognitionNetToOnnx.INPUT, input, crops.size(), 3, SIZE, SIZE)
                    .get(FaceRecognitionNetToOnnx.OUTPUT);
            assertThat(out.shape()).containsExactly(crops.size(), 128);
            List<float[]> descriptors = new ArrayList<>();
            for (int n = 0; n < crops.size(); n++) {
                float[] d = new float[128];
                System.arraycopy(out.data(), n * 128, d, 0, 128);
                descriptors.add(d);
            }
            return descriptors;
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
