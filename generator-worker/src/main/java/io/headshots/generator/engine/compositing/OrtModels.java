package io.headshots.generator.engine.compositing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * The four model sessions of the compositing engine, created once and shared by every call
 * ({@link OrtSession#run} is thread-safe). The options outlive the sessions built from them.
 */
final class OrtModels implements AutoCloseable {
    static final String FRONT_DETECTOR = "blazeface-front-128";
    static final String BACK_DETECTOR = "blazeface-back-256";
    static final String DESCRIPTOR = "dlib-resnet-face-descriptor";

    private static final Logger LOG = Logger.getLogger(OrtModels.class.getName());

    // warnings about unused initialisers in the upstream graphs are noise; errors still show
    final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    final OrtSession frontDetector;
    final OrtSession backDetector;
    final OrtSession descriptor;
    final OrtSession matting;
    private final List<SessionOptions> options = new ArrayList<>();
    private final List<OrtSession> sessions = new ArrayList<>();

    OrtModels(CompositingOptions config) {
        boolean cuda = "cuda".equals(config.device())
                && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if ("cuda".equals(config.device()) && !cuda) {
            LOG.warning("device cuda requested but this ONNX Runtime build offers no CUDA provider; using the CPU");
        }
        try {
            frontDetector = open(config, FRONT_DETECTOR, false);
            backDetector = open(config, BACK_DETECTOR, false);
            descriptor = open(config, DESCRIPTOR, cuda);
            matting = open(config, config.mattingModel(), cuda);
        } catch (OrtException | RuntimeException e) {
            close();
            throw new IllegalStateException("generator models could not be loaded: " + e.getMessage(), e);
        }
    }

    /** The model files the engine needs, for readiness checks. */
    static List<String> required(String mattingModel) {
        return List.of(FRONT_DETECTOR, BACK_DETECTOR, DESCRIPTOR, mattingModel);
    }

    private OrtSession open(CompositingOptions config, String name, boolean cuda) throws OrtException {
        Path file = config.modelsDir().resolve(name + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model " + name + " is missing from " + config.modelsDir()
                    + " (./dev models " + name + ")");
        }
        long start = System.nanoTime();
        SessionOptions o = new SessionOptions();
        options.add(o);
        o.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
        o.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setInterOpNumThreads(1);
        if (config.intraOpThreads() > 0) {
            o.setIntraOpNumThreads(config.intraOpThreads());
        }
        if (cuda) {
            try {
                o.addCUDA(0);
            } catch (OrtException e) {
                LOG.warning("CUDA provider failed to load (" + e.getMessage() + "); " + name + " runs on the CPU");
            }
        }
        OrtSession session = env.createSession(file.toString(), o);
        sessions.add(session);
        LOG.info(() -> String.format("loaded model %s in %d ms", name, (System.nanoTime() - start) / 1_000_000));
        return session;
    }

    @Override
    public void close() {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.warning("closing a session: " + e.getMessage());
            }
        }
        sessions.clear();
        options.forEach(SessionOptions::close);
        options.clear();
    }
}
