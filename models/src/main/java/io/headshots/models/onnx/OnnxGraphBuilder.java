package io.headshots.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small typed front over the ONNX protobuf builders: nodes, fp32/int64 initializers, float inputs/outputs; used by every converter of this module. */
public final class OnnxGraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodeCount;

    public OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** A float32 tensor input or output; dimensions are numbers or symbolic names. */
    public void addInput(String name, Object... dims) {
        graph.addInput(floatValueInfo(name, dims));
    }

    public void addOutput(String name, Object... dims) {
        graph.addOutput(floatValueInfo(name, dims));
    }

    /** An input of any element type (int64 ids, float16, ...); dimensions are numbers or symbolic names. */
    public void addTypedInput(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    /** An output of any element type; dimensions are numbers or symbolic names. */
    public void addTypedOutput(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    public void addFloatInitializer(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(toList(dims))
                .setRawData(ByteString.copyFrom(bytes.array())));
    }

    public void addInt64Initializer(String name, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(bytes.array())));
    }

    /** Adds a node; its name is unique even when ncnn layer names repeat. */
    public NodeProto.Builder addNode(String opType, String name, List<String> inputs, String output) {
        return graph.addNodeBuilder()
                .setOpType(opType)
                .setName(name + "#" + nodeCount++)
                .addAllInput(inputs)
                .addOutput(output);
    }

    public GraphProto build() {
        return graph.build();
    }

    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto intsAttribute(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(toList(values)).build();
    }

    private static ValueInfoProto floatValueInfo(String name, Object... dims) {
        return valueInfo(name, TensorProto.DataType.FLOAT, dims);
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = shape.addDimBuilder();
            if (dim instanceof Number n) {
                d.setDimValue(n.longValue());
            } else {
                d.setDimParam(dim.toString());
            }
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
                .build();
    }

    private static List<Long> toList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
