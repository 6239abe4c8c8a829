package io.headshots.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes the fp16 variant of a converted upscaler for GPUs (CUDA runs fp16 convolutions on
 * tensor cores; ONNX Runtime has no switch that does it for an fp32 graph): every float
 * initializer becomes float16 except Resize's scales (which ONNX keeps float), a Cast after
 * the input and one before the output keep the model's float32 interface, and the batch
 * dimension becomes symbolic so that several tiles can run in one call. Inferred shapes are
 * dropped; ONNX Runtime infers them again.
 */
public final class HalfPrecisionVariant {

    /** Part of the cache's source record: a change here rebuilds the variants. */
    public static final String VERSION = "fp16-variant-1";
    private static final String INPUT = "input";
    private static final String OUTPUT = "output";

    private HalfPrecisionVariant() {
    }

    /** Reads the fp32 model at {@code fp32} and writes its fp16 variant to {@code target}. */
    public static void write(Path fp32, Path target) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(fp32)) {
            model = ModelProto.parseFrom(in);
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            of(model).writeTo(out);
        }
    }

    /** The fp16 variant of a model whose float32 input is {@code input} and output {@code output}. */
    public static ModelProto of(ModelProto model) {
        GraphProto graph = model.getGraph();
        Set<String> keepFloat = new HashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Resize")) {
                keepFloat.addAll(node.getInputList().subList(1, node.getInputCount()));
            }
        }
        GraphProto.Builder half = graph.toBuilder().clearNode().clearInitializer().clearValueInfo()
                .clearInput().clearOutput();
        for (TensorProto init : graph.getInitializerList()) {
            half.addInitializer(keepFloat.contains(init.getName()) ? init : toHalf(init));
        }
        half.addNode(cast(INPUT, INPUT + ".fp16", TensorProto.DataType.FLOAT16));
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder b = node.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                if (b.getInput(i).equals(INPUT)) {
                    b.setInput(i, INPUT + ".fp16");
                }
            }
            for (int i = 0; i < b.getOutputCount(); i++) {
                if (b.getOutput(i).equals(OUTPUT)) {
                    b.setOutput(i, OUTPUT + ".fp16");
                }
            }
            for (int i = 0; i < b.getAttributeCount(); i++) {
                AttributeProto a = b.getAttribute(i);
                if (a.hasT() && a.getT().getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                    b.setAttribute(i, a.toBuilder().setT(toHalf(a.getT())));
                }
            }
            half.addNode(b);
        }
        half.addNode(cast(OUTPUT + ".fp16", OUTPUT, TensorProto.DataType.FLOAT));
        for (ValueInfoProto in : graph.getInputList()) {
            half.addInput(in.getName().equals(INPUT) ? withSymbolicBatch(in) : in);
        }
        for (ValueInfoProto out : graph.getOutputList()) {
            half.addOutput(out.getName().equals(OUTPUT) ? withSymbolicBatch(out) : out);
        }
        return model.toBuilder().setGraph(half)
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("precision").setValue("fp16"))
                .build();
    }

    private static NodeProto cast(String from, String to, TensorProto.DataType type) {
        return NodeProto.newBuilder().setOpType("Cast").setName("cast." + to).addInput(from).addOutput(to)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(type.getNumber()))
                .build();
    }

    private static ValueInfoProto withSymbolicBatch(ValueInfoProto value) {
        ValueInfoProto.Builder b = value.toBuilder();
        TensorShapeProto.Builder shape = b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (shape.getDimCount() > 0) {
            shape.setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        }
        return b.build();
    }

    private static TensorProto toHalf(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            return tensor;
        }
        float[] values = floats(tensor);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putShort(toHalfBits(v));
        }
        return tensor.toBuilder().clearFloatData().setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static float[] floats(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /** IEEE 754 binary16 bits of {@code value}, rounded to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalfBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            int half = m >> shift;
            int rest = m & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mantissa >> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }
}
