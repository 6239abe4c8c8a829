package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTests {

    @TempDir
    Path cacheDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        ModelStore store = new ModelStore(cacheDir, ModelCatalogue.bundled());
        return ModelsCommand.run(store, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void listShowsEveryCatalogueModelAndWhetherItIsCached() {
        assertThat(run("list")).isZero();

        assertThat(out.toString().lines()).hasSize(ModelCatalogue.bundled().size())
                .allSatisfy(line -> assertThat(line).contains("not fetched"));
        assertThat(out.toString()).contains("realesrgan-x4plus ", "realesrgan-x4fast ", "BSD-3-Clause",
                "blazeface-front-128 ", "face-detection", "isnet-matting ", "AGPL-3.0", "public-domain");
    }

    @Test
    void unknownModelFailsWithOneLineReason() {
        assertThat(run("fetch", "no-such-model")).isNotZero();

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("error: ")
                .contains("unknown model 'no-such-model'", "realesrgan-x4plus");
    }

    @Test
    void pathOfAModelNotYetFetchedFailsAndSaysHowToFetchIt() {
        assertThat(run("path", "realesrgan-x4fast")).isNotZero();

        assertThat(err.toString()).contains("fetch realesrgan-x4fast");
    }

    @Test
    void fetchCopiesAReadyOnnxModelIntoTheCacheReportingItNOfNWithItsSizeAndPathThenFindsIt() {
        assertThat(run("fetch", "blazeface-front-128")).isZero();
        Path model = cacheDir.resolve("blazeface-front-128.onnx");

        assertThat(out.toString().trim()).isEqualTo("blazeface-front-128\t" + model);
        assertThat(model).isRegularFile();
        // What `./dev up` shows while it fetches: which model of how many, then its size.
        assertThat(err.toString()).contains("model 1/1 blazeface-front-128: fetching and converting ...")
                .containsPattern("model 1/1 blazeface-front-128: ready, [0-9.]+ (kB|MB), [0-9]+ s");
        out.getBuffer().setLength(0);
        assertThat(run("path", "blazeface-front-128")).isZero();
        assertThat(out.toString().trim()).isEqualTo(model.toString());
    }

    @Test
    void userOnnxFileIsUsedInPlace() throws Exception {
        Path model = Files.writeString(cacheDir.resolve("mine.onnx"), "onnx bytes");

        assertThat(run("fetch", model.toString())).isZero();

        assertThat(out.toString().trim()).isEqualTo(model + "\t" + model);
    }
}
