package io.headshots.generator.engine.diffusion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;

/**
 * Tensors in the element type a session declares (float32 data fed to a float16 input is converted,
 * ids to int32 where the export narrowed them), and outputs read back as float32. Tensors are made
 * over direct buffers, which ONNX Runtime uses in place (no second copy).
 */
final class Feeds {
    private Feeds() {
    }

    static OnnxJavaType inputType(OrtSession session, String name) throws OrtException {
        NodeInfo node = session.getInputInfo().get(name);
        return ((TensorInfo) node.getInfo()).type;
    }

    static OnnxTensor floats(OrtEnvironment env, OrtSession session, String name, float[] data, long... shape)
            throws OrtException {
        int offset = 0;
        int length = data.length;
        OnnxJavaType type = inputType(session, name);
        switch (type) {
            case FLOAT16 -> {
                ShortBuffer half = ByteBuffer.allocateDirect(length * 2).order(ByteOrder.nativeOrder()).asShortBuffer();
                for (int i = 0; i < length; i++) {
                    half.put(i, Fp16Conversions.floatToFp16(data[offset + i]));
                }
                return OnnxTensor.createTensor(env, half, shape, OnnxJavaType.FLOAT16);
            }
            case INT64 -> {
                LongBuffer longs = ByteBuffer.allocateDirect(length * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
                for (int i = 0; i < length; i++) {
                    longs.put(i, Math.round(data[offset + i]));
                }
                return OnnxTensor.createTensor(env, longs, shape);
            }
            case INT32 -> {
                IntBuffer ints = ByteBuffer.allocateDirect(length * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
                for (int i = 0; i < length; i++) {
                    ints.put(i, Math.round(data[offset + i]));
                }
                return OnnxTensor.createTensor(env, ints, shape);
            }
            default -> {
                FloatBuffer floats = ByteBuffer.allocateDirect(length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                floats.put(data, offset, length).rewind();
                return OnnxTensor.createTensor(env, floats, shape);
            }
        }
    }

    static OnnxTensor ids(OrtEnvironment env, OrtSession session, String name, long[] ids, long... shape)
            throws OrtException {
        if (inputType(session, name) == OnnxJavaType.INT32) {
            IntBuffer ints = ByteBuffer.allocateDirect(ids.length * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            for (int i = 0; i < ids.length; i++) {
                ints.put(i, (int) ids[i]);
            }
            return OnnxTensor.createTensor(env, ints, shape);
        }
        LongBuffer longs = ByteBuffer.allocateDirect(ids.length * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
        longs.put(ids).rewind();
        return OnnxTensor.createTensor(env, longs, shape);
    }

    /** The output as float32, whatever float type it has. */
    static float[] read(OnnxValue value) {
        OnnxTensor t = (OnnxTensor) value;
        if (t.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer half = t.getShortBuffer();
            float[] out = new float[half.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Fp16Conversions.fp16ToFloat(half.get(i));
            }
            return out;
        }
        FloatBuffer buf = t.getFloatBuffer();
        float[] out = new float[buf.remaining()];
        buf.get(out);
        return out;
    }

    static long[] shape(OnnxValue value) {
        return ((OnnxTensor) value).getInfo().getShape();
    }
}
