package io.headshots.models.reference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs a converted model on ONNX Runtime's CPU provider, the way the upscaler worker will. */
public final class OnnxRuntimeUpscaler implements AutoCloseable {

    /** Output values and the shape ONNX Runtime reported. */
    public record Result(float[] data, long[] shape) {
    }

    private final OrtSession session;

    public OnnxRuntimeUpscaler(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.session = OrtEnvironment.getEnvironment().createSession(model.toString(), options);
    }

    public OrtSession session() {
        return session;
    }

    public Result run(ReferenceNcnnNet.Tensor image) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {1, image.c(), image.h(), image.w()};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image.data()), shape);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            OnnxTensor output = (OnnxTensor) result.get("output").orElseThrow();
            FloatBuffer buffer = output.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            return new Result(data, output.getInfo().getShape());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
