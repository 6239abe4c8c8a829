package io.headshots.generator;

import java.nio.file.Path;

import io.headshots.generator.engine.compositing.CompositingEngine;
import io.headshots.models.ModelStore;

/** The real models the engine runs, fetched and verified into the shared cache on first use. */
public final class TestModels {
    private TestModels() {
    }

    /** The directory holding every model of the default engine. */
    public static Path directory() {
        Path dir = null;
        for (String name : CompositingEngine.requiredModels("isnet-matting")) {
            dir = ModelStore.defaultStore().ensure(name).getParent();
        }
        return dir;
    }
}
