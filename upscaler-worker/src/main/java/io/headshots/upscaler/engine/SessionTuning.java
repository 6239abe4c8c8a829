package io.headshots.upscaler.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Chooses the execution provider once and builds the {@link SessionOptions} every model
 * session is created from.
 *
 * <p>The choices, for Real-ESRGAN-style convolution chains:
 * <ul>
 *   <li>graph optimisation ALL: fuses conv + activation and lays out tensors for the CPU's
 *       vector units; the one-off cost is paid once per long-lived session;</li>
 *   <li>sequential execution, one inter-op thread: the graph is a single chain, so parallel
 *       branches would only add idle threads; all parallelism is intra-op;</li>
 *   <li>CPU memory arena and memory patterns on: the engine feeds every tile of an image at
 *       one shape (see {@link TileLayout}), so the arena's blocks and the planned pattern are
 *       reused from tile to tile instead of being allocated per run.</li>
 * </ul>
 */
final class SessionTuning {

    /**
     * Tiles per model call on CUDA, for models with a free batch dimension (the fp16
     * variants): one ~220 px tile per call leaves a large GPU idle between calls (launches,
     * copies, the blending on the CPU). Four is a first choice, to be confirmed by
     * {@code bench/gpu-check.sh}. Device memory grows with it: four times the tile budget.
     */
    static final int CUDA_TILES_PER_RUN = 4;

    private static final Logger LOG = Logger.getLogger(SessionTuning.class.getName());
    // One line per process is enough to tell an operator the GPU is not used.
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final int intraOpThreads;
    private volatile boolean cuda;

    SessionTuning(EngineOptions options) {
        this.intraOpThreads = options.intraOpThreads();
        this.cuda = options.device().equals("cuda") && cudaOffered();
    }

    private static boolean cudaOffered() {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            logFallback("this ONNX Runtime build offers no CUDA execution provider");
            return false;
        }
        // Listed is not loadable: the provider's libraries (CUDA, cuDNN) load only now. Known
        // before any model is chosen, so a GPU-only variant (fp16) is never opened on the CPU.
        try (SessionOptions probe = new SessionOptions()) {
            probe.addCUDA(0);
            return true;
        } catch (OrtException e) {
            logFallback("the CUDA execution provider failed to load (" + e.getMessage() + ")");
            return false;
        }
    }

    private static void logFallback(String why) {
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.warning("device cuda requested but " + why + "; running models on the CPU");
        }
    }

    /**
     * Tiles per model call: {@link #CUDA_TILES_PER_RUN} on CUDA when the model allows it,
     * else 1. On the CPU one tile already keeps every core busy inside its convolutions,
     * and larger calls only need more memory.
     */
    int tilesPerRun(UpscaleModel model) {
        return cuda && model.batchable() ? CUDA_TILES_PER_RUN : 1;
    }

    /** "cuda" or "cpu": the provider sessions are created for. */
    String device() {
        return cuda ? "cuda" : "cpu";
    }

    /** New options; the caller keeps them open for as long as the session they build. */
    SessionOptions newOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setInterOpNumThreads(1);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setCPUArenaAllocator(true);
            options.setMemoryPatternOptimization(true);
            if (cuda) {
                addCuda(options);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private void addCuda(SessionOptions options) {
        try {
            options.addCUDA(0);
        } catch (OrtException e) {
            // Listed as available but its libraries (CUDA, cuDNN) did not load.
            cuda = false;
            logFallback("the CUDA execution provider failed to load (" + e.getMessage() + ")");
        }
    }
}
