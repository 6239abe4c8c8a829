package io.headshots.upscaler.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs tiles of one fixed shape through a model. The input and output tensors sit on
 * direct buffers allocated once per upscale: the input tensor reads the buffer in place
 * and the output is pinned, so ONNX Runtime writes straight into it and no tensor is
 * allocated or copied per tile.
 */
final class TileRunner implements AutoCloseable {

    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final FloatBuffer inputBuffer;
    private final FloatBuffer outputBuffer;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final float[] output;

    TileRunner(OrtEnvironment env, OrtSession session, String inputName, String outputName,
               int width, int height, int scale) throws OrtException {
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        int inputFloats = 3 * width * height;
        int outputFloats = inputFloats * scale * scale;
        this.inputBuffer = directFloats(inputFloats);
        this.outputBuffer = directFloats(outputFloats);
        this.output = new float[outputFloats];
        this.inputTensor = OnnxTensor.createTensor(env, inputBuffer, new long[]{1, 3, height, width});
        OnnxTensor out = null;
        try {
            out = OnnxTensor.createTensor(env, outputBuffer, new long[]{1, 3, (long) height * scale, (long) width * scale});
        } finally {
            if (out == null) {
                inputTensor.close();
            }
        }
        this.outputTensor = out;
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Runs one tile.
     *
     * @param planarRgb 3 x height x width floats in [0,1], channel-major
     * @return 3 x (height*scale) x (width*scale) floats, valid until the next call
     */
    float[] run(float[] planarRgb) throws OrtException {
        inputBuffer.clear();
        inputBuffer.put(planarRgb, 0, inputBuffer.capacity());
        try (OrtSession.Result ignored = session.run(Map.of(inputName, inputTensor), Map.of(outputName, outputTensor))) {
            outputBuffer.clear();
            outputBuffer.get(output);
            return output;
        }
    }

    @Override
    public void close() {
        inputTensor.close();
        outputTensor.close();
    }
}
