package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogueTests {

    @Test
    void bundledCatalogueListsTheUpscaylModelsFirstThenTheWaifu2xOnes() {
        List<ModelEntry> models = ModelCatalogue.bundled().stream().filter(m -> m.task() == ModelTask.UPSCALE).toList();

        assertThat(models).extracting(ModelEntry::name).containsExactly(
                "realesrgan-x4plus", "realesrgan-x4fast", "realesrgan-x4plus-anime",
                "realesr-animevideov3-x2", "realesr-animevideov3-x3", "realesr-animevideov3-x4");
        assertThat(models).extracting(ModelEntry::scale).containsExactly(4, 4, 4, 2, 3, 4);
        assertThat(models).allSatisfy(m -> {
            assertThat(m.licence()).isEqualTo("BSD-3-Clause");
            assertThat(m.source().tarballSha256()).matches("[0-9a-f]{64}");
            assertThat(m.source().packageLicence()).isNotBlank();
            assertThat(m.source().format()).isEqualTo(SourceFormat.NCNN);
            assertThat(m.architecture()).isIn("rrdbnet", "srvgg");
        });
    }

    @Test
    void everyGeneratorTaskHasOneDefaultWhoseWeightsAllowCommercialUse() {
        ModelStore store = new ModelStore(Path.of("unused"), ModelCatalogue.bundled());

        assertThat(store.defaultFor(ModelTask.FACE_DETECTION)).get().extracting(ModelEntry::name).isEqualTo("blazeface-front-128");
        assertThat(store.defaultFor(ModelTask.FACE_DESCRIPTOR)).get().extracting(ModelEntry::name)
                .isEqualTo("dlib-resnet-face-descriptor");
        assertThat(store.defaultFor(ModelTask.MATTING)).get().extracting(ModelEntry::name).isEqualTo("isnet-matting");
        assertThat(store.catalogue()).filteredOn(m -> m.task() != ModelTask.UPSCALE).allSatisfy(m -> {
            assertThat(m.scale()).isZero();
            assertThat(m.source().tarballSha256()).matches("[0-9a-f]{64}");
            assertThat(m.licence()).isNotBlank();
            assertThat(m.source().packageLicence()).isNotBlank();
        });
    }

    @Test
    void aDefaultWithANonCommercialLicenceIsRefused() {
        String json = """
                {"models": [{"name": "nc", "task": "matting", "architecture": "x", "licence": "CC-BY-NC-4.0",
                  "defaultForTask": true,
                  "source": {"npmPackage": "p", "version": "1", "tarballSha256": "%s", "format": "onnx",
                             "path": "package/m.onnx", "packageLicence": "MIT"}}]}
                """.formatted("0".repeat(64));

        assertThatThrownBy(() -> ModelCatalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("CC-BY-NC-4.0").hasMessageContaining("cannot be a default");
    }

    @Test
    void anUpscalerWithoutScaleAndASourceWithoutItsPathsAreRefused() {
        String noScale = """
                {"models": [{"name": "up", "task": "upscale", "licence": "MIT",
                  "source": {"npmPackage": "p", "version": "1", "tarballSha256": "x", "format": "ncnn",
                             "paramPath": "a.param", "binPath": "a.bin"}}]}
                """;
        String noPath = """
                {"models": [{"name": "m", "task": "matting", "licence": "MIT",
                  "source": {"npmPackage": "p", "version": "1", "tarballSha256": "x", "format": "onnx-chunks",
                             "path": "package/dist/resources.json"}}]}
                """;

        assertThatThrownBy(() -> ModelCatalogue.read(new ByteArrayInputStream(noScale.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> ModelCatalogue.read(new ByteArrayInputStream(noPath.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("path and resource");
    }
}
