package io.headshots.upscaler.worker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.headshots.contracts.UpscaleModels;
import io.headshots.localstack.LocalStack;
import io.headshots.models.ModelStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real broker and S3 server of this JVM, and the real converted models (fetched and converted
 * into the shared cache on first use).
 */
public class UpscalerTestResources implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(LocalStack.shared().serviceConfig());
        Path dir = null;
        for (UpscaleModels.Model model : UpscaleModels.all()) {
            dir = ModelStore.defaultStore().ensure(model.name()).getParent();
        }
        config.put("upscaler.models-dir", dir.toString());
        // Small tiles so that even test-sized images are tiled and report progress.
        config.put("upscaler.tile-size", "32");
        config.put("upscaler.progress-interval", "PT0S");
        return config;
    }

    @Override
    public void stop() {
        // the stack is shared by the JVM and stops with it
    }
}
