package io.headshots.models.reference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A model with one float input run on ONNX Runtime's CPU provider; every float output comes back by name. */
public final class OnnxRunner implements AutoCloseable {

    /** One output: values and the shape ONNX Runtime reported. */
    public record Output(float[] data, long[] shape) {
    }

    private final OrtSession session;

    public OnnxRunner(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.session = OrtEnvironment.getEnvironment().createSession(model.toString(), options);
    }

    public OrtSession session() {
        return session;
    }

    public Map<String, Output> run(String inputName, float[] input, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, Output> outputs = new LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer buffer = t.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                outputs.put(e.getKey(), new Output(data, t.getInfo().getShape()));
            }
        }
        return outputs;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
