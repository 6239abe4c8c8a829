package io.headshots.upscaler.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs tiles of one fixed shape through a model, up to {@code maxBatch} tiles per call
 * (more than one only for a model with a free batch dimension, on a GPU: see
 * {@link SessionTuning#tilesPerRun}). Input and output tensors sit on direct buffers
 * allocated once per upscale and batch size: the input tensor reads its buffer in place
 * and the output is pinned, so ONNX Runtime writes straight into it (on CUDA: copies the
 * result from the device into it) and no tensor is allocated per tile.
 */
final class TileRunner implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int width;
    private final int height;
    private final int scale;
    private final int maxBatch;
    private final int inputFloats;
    private final int outputFloats;
    // At most two batch sizes per upscale: full batches and the remainder of a tile row.
    private final Map<Integer, Batch> batches = new HashMap<>();
    private final float[] output;

    TileRunner(OrtEnvironment env, OrtSession session, String inputName, String outputName,
               int width, int height, int scale, int maxBatch) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.width = width;
        this.height = height;
        this.scale = scale;
        this.maxBatch = maxBatch;
        this.inputFloats = 3 * width * height;
        this.outputFloats = inputFloats * scale * scale;
        this.output = new float[Math.multiplyExact(outputFloats, maxBatch)];
    }

    /** Tiles one call may take. */
    int maxBatch() {
        return maxBatch;
    }

    /** Floats of one tile's input (3 x height x width). */
    int inputFloats() {
        return inputFloats;
    }

    /** Floats of one tile's output (3 x height*scale x width*scale). */
    int outputFloats() {
        return outputFloats;
    }

    /**
     * Runs {@code count} tiles.
     *
     * @param planarRgb {@code count} tiles one after another, each 3 x height x width floats
     *                  in [0,1], channel-major
     * @return the {@code count} outputs one after another, each 3 x (height*scale) x
     * (width*scale) floats; valid until the next call
     */
    float[] run(float[] planarRgb, int count) throws OrtException {
        if (count < 1 || count > maxBatch) {
            throw new IllegalArgumentException("batch of " + count + " tiles, at most " + maxBatch);
        }
        Batch batch = batches.get(count);
        if (batch == null) {
            batch = new Batch(count);
            batches.put(count, batch);
        }
        batch.input.clear();
        batch.input.put(planarRgb, 0, count * inputFloats);
        try (OrtSession.Result ignored = session.run(Map.of(inputName, batch.inputTensor), Map.of(outputName, batch.outputTensor))) {
            batch.output.clear();
            batch.output.get(output, 0, count * outputFloats);
            return output;
        }
    }

    @Override
    public void close() {
        batches.values().forEach(Batch::close);
        batches.clear();
    }

    private final class Batch implements AutoCloseable {
        final FloatBuffer input;
        final FloatBuffer output;
        final OnnxTensor inputTensor;
        final OnnxTensor outputTensor;

        Batch(int count) throws OrtException {
            input = directFloats(count * inputFloats);
            output = directFloats(count * outputFloats);
            inputTensor = OnnxTensor.createTensor(env, input, new long[]{count, 3, height, width});
            OnnxTensor out = null;
            try {
                out = OnnxTensor.createTensor(env, output, new long[]{count, 3, (long) height * scale, (long) width * scale});
            } finally {
                if (out == null) {
                    inputTensor.close();
                }
            }
            outputTensor = out;
        }

        private static FloatBuffer directFloats(int count) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            inputTensor.close();
            outputTensor.close();
        }
    }
}
