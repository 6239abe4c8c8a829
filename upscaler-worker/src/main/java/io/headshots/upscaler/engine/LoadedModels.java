package io.headshots.upscaler.engine;

import ai.onnxruntime.OrtException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens each model once, on first use, and keeps it for the life of the engine. Loads of
 * different models proceed in parallel; concurrent first uses of one model wait for a
 * single load. A failed load is not remembered, so a model copied in later is found.
 */
final class LoadedModels implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadedModels.class.getName());

    private final ModelDirectory directory;
    private final SessionTuning tuning;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LoadedModels(ModelDirectory directory, SessionTuning tuning) {
        this.directory = directory;
        this.tuning = tuning;
    }

    /**
     * The open model of that name.
     *
     * @throws UpscaleFailure {@code unknown_model} if it is missing or ONNX Runtime rejects it
     */
    UpscaleModel get(String name) {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        // Resolve first, so names of missing models never take a slot.
        Path file = directory.resolve(name);
        if (tuning.device().equals("cuda")) {
            // fp16 runs on the GPU's tensor cores; on the CPU it would only add casts.
            file = directory.halfPrecision(name).orElse(file);
        }
        return slots.computeIfAbsent(name, Slot::new).model(file);
    }

    @Override
    public void close() {
        closed = true;
        List<Slot> all = new ArrayList<>(slots.values());
        slots.clear();
        for (Slot slot : all) {
            slot.close();
        }
    }

    private final class Slot {
        private final String name;
        private UpscaleModel model;

        Slot(String name) {
            this.name = name;
        }

        synchronized UpscaleModel model(Path file) {
            if (model == null) {
                long start = System.nanoTime();
                try {
                    model = UpscaleModel.load(name, file, tuning);
                } catch (OrtException e) {
                    throw new UpscaleFailure(UpscaleFailure.UNKNOWN_MODEL,
                            "model '" + name + "' could not be loaded: " + e.getMessage(), e);
                }
                LOG.info(() -> String.format("loaded model %s from %s (x%d, %s, %d tiles per call) in %d ms", name,
                        file.getFileName(), model.scale(), tuning.device(), tuning.tilesPerRun(model),
                        (System.nanoTime() - start) / 1_000_000));
            }
            return model;
        }

        synchronized void close() {
            if (model != null) {
                try {
                    model.close();
                } catch (OrtException e) {
                    LOG.log(Level.WARNING, "closing model " + name, e);
                }
                model = null;
            }
        }
    }
}
