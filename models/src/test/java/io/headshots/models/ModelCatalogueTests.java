package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogueTests {

    @Test
    void bundledCatalogueListsTheUpscaylModelsFirstThenTheWaifu2xOnes() {
        List<ModelEntry> models = ModelCatalogue.bundled();

        assertThat(models).extracting(ModelEntry::name).containsExactly(
                "realesrgan-x4plus", "realesrgan-x4fast", "realesrgan-x4plus-anime",
                "realesr-animevideov3-x2", "realesr-animevideov3-x3", "realesr-animevideov3-x4");
        assertThat(models).extracting(ModelEntry::scale).containsExactly(4, 4, 4, 2, 3, 4);
        assertThat(models).allSatisfy(m -> {
            assertThat(m.licence()).isEqualTo("BSD-3-Clause");
            assertThat(m.source().tarballSha256()).matches("[0-9a-f]{64}");
            assertThat(m.source().packageLicence()).isNotBlank();
            assertThat(m.architecture()).isIn("rrdbnet", "srvgg");
        });
    }
}
