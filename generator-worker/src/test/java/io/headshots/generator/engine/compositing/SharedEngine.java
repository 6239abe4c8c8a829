package io.headshots.generator.engine.compositing;

import io.headshots.generator.TestModels;

/** One engine for every engine test of the JVM: its model sessions take seconds to load. */
final class SharedEngine {
    static final CompositingOptions OPTIONS = CompositingOptions.defaults(TestModels.directory());
    private static CompositingEngine engine;

    private SharedEngine() {
    }

    static synchronized CompositingEngine get() {
        if (engine == null) {
            engine = new CompositingEngine(OPTIONS);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }
}
