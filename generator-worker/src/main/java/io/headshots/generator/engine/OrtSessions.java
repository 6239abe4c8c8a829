package io.headshots.generator.engine;

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
 * How every engine of the generator opens its ONNX Runtime sessions: once, with the same options,
 * on CUDA when asked for and available (one warning and the CPU otherwise), closed together. The
 * options outlive the sessions built from them, so both are kept until {@link #close()}.
 */
public final class OrtSessions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OrtSessions.class.getName());

    // warnings about unused initialisers in upstream graphs are noise; errors still show
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    private final boolean cuda;
    private final int intraOpThreads;
    private final List<SessionOptions> options = new ArrayList<>();
    private final List<OrtSession> sessions = new ArrayList<>();

    /**
     * @param device         {@code cpu} or {@code cuda}
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets it use every core
     */
    public OrtSessions(String device, int intraOpThreads) {
        this.cuda = "cuda".equals(device) && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if ("cuda".equals(device) && !cuda) {
            LOG.warning("device cuda requested but this ONNX Runtime build offers no CUDA provider; using the CPU");
        }
        this.intraOpThreads = intraOpThreads;
    }

    public OrtEnvironment env() {
        return env;
    }

    /** Opens {@code file}; on CUDA when the caller asks for it ({@code onCuda}) and the device is CUDA. */
    public OrtSession open(Path file, String name, boolean onCuda) throws OrtException {
        long start = System.nanoTime();
        SessionOptions o = new SessionOptions();
        options.add(o);
        o.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
        o.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setInterOpNumThreads(1);
        if (intraOpThreads > 0) {
            o.setIntraOpNumThreads(intraOpThreads);
        }
        if (cuda && onCuda) {
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
