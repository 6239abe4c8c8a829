package io.headshots.upscaler.engine;

import io.headshots.contracts.UpscaleModels;
import io.headshots.models.ModelStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's model list (contracts) and the converted models (models module) agree. */
class OfferedModelsTests {

    @Test
    void everyOfferedModelLoadsWithTheNativeScaleTheApiStates() throws Exception {
        assertThat(UpscaleModels.all()).hasSize(6);
        for (UpscaleModels.Model offered : UpscaleModels.all()) {
            Path file = ModelStore.defaultStore().ensure(offered.name());
            try (UpscaleModel model = UpscaleModel.load(offered.name(), file, new SessionTuning(EngineOptions.defaults()))) {
                assertThat(model.scale()).as(offered.name()).isEqualTo(offered.scale());
            }
        }
    }
}
