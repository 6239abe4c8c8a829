package io.headshots.generator.worker;

import java.util.HashMap;
import java.util.Map;

import io.headshots.generator.TestModels;
import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real broker and S3 server of this JVM, and the real models (fetched and verified into the
 * shared cache on first use).
 */
public class GeneratorTestResources implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(LocalStack.shared().serviceConfig());
        config.put("generator.models-dir", TestModels.directory().toString());
        config.put("generator.progress-interval", "PT0S");
        return config;
    }

    @Override
    public void stop() {
        // the stack is shared by the JVM and stops with it
    }
}
