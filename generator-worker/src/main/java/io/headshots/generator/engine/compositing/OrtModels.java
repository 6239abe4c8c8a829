package io.headshots.generator.engine.compositing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.headshots.generator.engine.OrtSessions;

/**
 * The four model sessions of the compositing engine, created once and shared by every call
 * ({@link OrtSession#run} is thread-safe).
 */
final class OrtModels implements AutoCloseable {
    static final String FRONT_DETECTOR = "blazeface-front-128";
    static final String BACK_DETECTOR = "blazeface-back-256";
    static final String DESCRIPTOR = "dlib-resnet-face-descriptor";

    final OrtEnvironment env;
    final OrtSession frontDetector;
    final OrtSession backDetector;
    final OrtSession descriptor;
    final OrtSession matting;
    private final OrtSessions sessions;

    OrtModels(CompositingOptions config) {
        sessions = new OrtSessions(config.device(), config.intraOpThreads());
        env = sessions.env();
        try {
            frontDetector = open(config, FRONT_DETECTOR, false);
            backDetector = open(config, BACK_DETECTOR, false);
            descriptor = open(config, DESCRIPTOR, true);
            matting = open(config, config.mattingModel(), true);
        } catch (OrtException | RuntimeException e) {
            close();
            throw new IllegalStateException("generator models could not be loaded: " + e.getMessage(), e);
        }
    }

    /** The model files the engine needs, for readiness checks. */
    static List<String> required(String mattingModel) {
        return List.of(FRONT_DETECTOR, BACK_DETECTOR, DESCRIPTOR, mattingModel);
    }

    private OrtSession open(CompositingOptions config, String name, boolean onCuda) throws OrtException {
        Path file = config.modelsDir().resolve(name + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model " + name + " is missing from " + config.modelsDir()
                    + " (./dev models " + name + ")");
        }
        return sessions.open(file, name, onCuda);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
