package io.headshots.upscaler.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One converted upscale model held open for the life of the engine: input {@code input}
 * float32 [1,3,H,W] RGB in [0,1], output {@code output} float32 [1,3,sH,sW].
 * {@link OrtSession#run} is thread-safe, so one instance serves every concurrent upscale.
 */
final class UpscaleModel implements AutoCloseable {

    /** Custom metadata key that carries the native scale. */
    static final String SCALE_KEY = "scale";
    /** Custom metadata key naming the network family; {@code srvgg} marks a compact model. */
    static final String ARCHITECTURE_KEY = "architecture";
    private static final int PROBE_SIDE = 16;

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions sessionOptions;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int scale;
    private final boolean compact;
    private final boolean batchable;

    private UpscaleModel(String name, OrtEnvironment env, OrtSession.SessionOptions sessionOptions, OrtSession session)
            throws OrtException {
        this.name = name;
        this.env = env;
        this.sessionOptions = sessionOptions;
        this.session = session;
        this.inputName = pick(session.getInputNames(), "input");
        this.outputName = pick(session.getOutputNames(), "output");
        this.scale = readScale();
        this.compact = session.getMetadata().getCustomMetadataValue(ARCHITECTURE_KEY)
                .map(a -> a.trim().startsWith("srvgg")).orElse(false);
        long[] inputShape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
        this.batchable = inputShape.length == 4 && inputShape[0] < 0;
    }

    /** Opens a session on {@code file}; the options stay open until {@link #close()}. */
    static UpscaleModel load(String name, Path file, SessionTuning tuning) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = tuning.newOptions();
        OrtSession session = null;
        try {
            session = env.createSession(file.toString(), options);
            return new UpscaleModel(name, env, options, session);
        } catch (OrtException | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            options.close();
            throw e;
        }
    }

    // Converters name the tensors per the contract; a single unnamed one is taken as meant.
    private static String pick(Set<String> names, String wanted) throws OrtException {
        if (names.contains(wanted)) {
            return wanted;
        }
        if (names.size() == 1) {
            return names.iterator().next();
        }
        throw new OrtException("model has no tensor named '" + wanted + "' among " + names);
    }

    private int readScale() throws OrtException {
        Optional<String> declared = session.getMetadata().getCustomMetadataValue(SCALE_KEY);
        if (declared.isPresent()) {
            try {
                int value = Integer.parseInt(declared.get().trim());
                if (value >= 1 && value <= 8) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // fall through to measuring it
            }
        }
        return probeScale();
    }

    // A model without metadata still tells its scale by the shape of what it returns.
    private int probeScale() throws OrtException {
        long[] shape = {1, 3, PROBE_SIDE, PROBE_SIDE};
        FloatBuffer zeros = FloatBuffer.allocate(3 * PROBE_SIDE * PROBE_SIDE);
        try (OnnxTensor input = OnnxTensor.createTensor(env, zeros, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue output = result.get(outputName).orElseThrow();
            long[] out = ((TensorInfo) output.getInfo()).getShape();
            if (out.length != 4 || out[1] != 3 || out[2] % PROBE_SIDE != 0 || out[2] != out[3]) {
                throw new OrtException("model output " + java.util.Arrays.toString(out) + " is not [1,3,sH,sW]");
            }
            return (int) (out[2] / PROBE_SIDE);
        }
    }

    String name() {
        return name;
    }

    /** How many output pixels per input pixel in each dimension. */
    int scale() {
        return scale;
    }

    /** Whether the model is a compact SRVGG network (smaller memory per tile pixel, see {@link TileSizer}). */
    boolean compact() {
        return compact;
    }

    /** Whether the input's batch dimension is free, so one call can take several tiles. */
    boolean batchable() {
        return batchable;
    }

    /**
     * A runner for tiles of exactly {@code width} x {@code height}, up to {@code maxBatch} per
     * call; one per upscale, not shared.
     */
    TileRunner runner(int width, int height, int maxBatch) {
        if (maxBatch > 1 && !batchable) {
            throw new IllegalArgumentException("model " + name + " takes one tile per call");
        }
        return new TileRunner(env, session, inputName, outputName, width, height, scale, maxBatch);
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            sessionOptions.close();
        }
    }
}
