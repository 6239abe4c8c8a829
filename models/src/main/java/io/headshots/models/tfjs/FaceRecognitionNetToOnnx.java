package io.headshots.models.tfjs;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.headshots.models.onnx.OnnxGraphBuilder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds face-api's {@code FaceRecognitionNet} (dlib's 29-convolution ResNet face descriptor) as an
 * ONNX graph from its TensorFlow.js weights. face-api defines the network in code, not as a graph;
 * this class follows {@code faceRecognitionNet/FaceRecognitionNet.ts}, {@code convLayer.ts} and
 * {@code residualLayer.ts} of {@code @vladmandic/face-api} 1.7.15:
 *
 * <ul>
 *   <li>normalise: {@code (rgb - MEAN_RGB) / 255} on 0..255 input (inside this graph);
 *   <li>{@code conv32_down}: 7x7 stride-2 "valid" conv, scale layer, ReLU; 3x3 stride-2 max pool;
 *   <li>residual blocks: conv (3x3, "same") + scale + ReLU, conv + scale, add the block input, ReLU;
 *   <li>down blocks: the first conv is 3x3 stride 2 "valid"; the shortcut is a 2x2 average pool,
 *       zero-padded in channels when the block widens, and the conv branch is zero-padded by one
 *       row and column (bottom, right) when it comes out smaller than the pooled shortcut;
 *   <li>global average pool and a 256x128 fully connected layer, no bias, no normalisation.
 * </ul>
 *
 * <p>Each scale layer ({@code x * weights + biases}, per channel) is folded into the conv before it.
 * Conv filters go from TensorFlow's {@code [kh, kw, in, out]} to ONNX's {@code [out, in, kh, kw]}.
 */
public final class FaceRecognitionNetToOnnx {

    public static final String INPUT = "input";
    public static final String OUTPUT = "descriptor";
    public static final int INPUT_SIZE = 150;
    public static final int DESCRIPTOR_SIZE = 128;
    /** face-api's {@code meanRgb}: subtracted from 0..255 RGB before dividing by 255. */
    public static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    /** Recorded in the cache; bump it when a conversion change must redo the converted model. */
    public static final String VERSION = "tfjs-facerec2onnx-1";
    static final int OPSET = 17;
    static final int IR_VERSION = 8;

    /** The blocks after {@code conv32_down}, in order; {@code true} marks a down block. */
    private static final List<Map.Entry<String, Boolean>> BLOCKS = List.of(
            Map.entry("conv32_1", false), Map.entry("conv32_2", false), Map.entry("conv32_3", false),
            Map.entry("conv64_down", true), Map.entry("conv64_1", false), Map.entry("conv64_2", false),
            Map.entry("conv64_3", false),
            Map.entry("conv128_down", true), Map.entry("conv128_1", false), Map.entry("conv128_2", false),
            Map.entry("conv256_down", true), Map.entry("conv256_1", false), Map.entry("conv256_2", false),
            Map.entry("conv256_down_out", true));

    /** A tensor of the graph: its ONNX name, channels and (square) spatial size. */
    private record Blob(String name, int channels, int size) {
    }

    private final Map<String, TfjsTensor> weights;
    private final Set<String> used = new HashSet<>();
    private final OnnxGraphBuilder onnx;
    private int tensorCount;

    private FaceRecognitionNetToOnnx(Map<String, TfjsTensor> weights, String graphName) {
        this.weights = weights;
        this.onnx = new OnnxGraphBuilder(graphName);
    }

    /**
     * @param weights the decoded {@code face_recognition_model} weights, by TFJS name
     * @param metadata metadata_props to record (name, licence, source); {@code converter} is added
     * @throws TfjsFormatException when a weight is missing, unused or of an unexpected shape
     */
    public static ModelProto convert(Map<String, TfjsTensor> weights, Map<String, String> metadata) {
        return new FaceRecognitionNetToOnnx(weights, metadata.getOrDefault("name", "face-recognition-net"))
                .build(metadata);
    }

    private ModelProto build(Map<String, String> metadata) {
        onnx.addInput(INPUT, "batch", 3, INPUT_SIZE, INPUT_SIZE);
        onnx.addFloatInitializer("mean_rgb", MEAN_RGB, 1, 3, 1, 1);
        onnx.addFloatInitializer("pixel_range", new float[] {255f});
        onnx.addNode("Sub", "subtract_mean", List.of(INPUT, "mean_rgb"), "centred");
        onnx.addNode("Div", "divide_by_255", List.of("centred", "pixel_range"), "normalised");

        Blob x = conv(new Blob("normalised", 3, INPUT_SIZE), "conv32_down", 2, false, true);
        x = maxPool3x3Stride2(x);
        for (Map.Entry<String, Boolean> block : BLOCKS) {
            x = block.getValue() ? residualDown(x, block.getKey()) : residual(x, block.getKey());
        }

        onnx.addNode("GlobalAveragePool", "global_average", List.of(x.name()), "pooled");
        onnx.addNode("Flatten", "flatten", List.of("pooled"), "features")
                .addAttribute(OnnxGraphBuilder.intAttribute("axis", 1));
        TfjsTensor fc = weight("fc", 2);
        if (fc.dim(0) != x.channels() || fc.dim(1) != DESCRIPTOR_SIZE) {
            throw new TfjsFormatException("fc is " + fc + ", expected [" + x.channels() + ", " + DESCRIPTOR_SIZE + "]");
        }
        onnx.addFloatInitializer("fc", fc.values(), fc.dim(0), fc.dim(1));
        onnx.addNode("MatMul", "fc", List.of("features", "fc"), OUTPUT);
        onnx.addOutput(OUTPUT, "batch", DESCRIPTOR_SIZE);

        Set<String> unused = new HashSet<>(weights.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new TfjsFormatException("weights not used by FaceRecognitionNet: " + unused);
        }
        Map<String, String> props = new LinkedHashMap<>(metadata);
        props.put("converter", VERSION);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("headshot-pipeline models")
                .setProducerVersion(VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(onnx.build());
        props.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private Blob residual(Blob x, String prefix) {
        Blob a = conv(x, prefix + "/conv1", 1, true, true);
        Blob b = conv(a, prefix + "/conv2", 1, true, false);
        if (b.channels() != x.channels() || b.size() != x.size()) {
            throw new TfjsFormatException(prefix + ": output " + b + " does not match its input " + x);
        }
        return relu(add(b, x));
    }

    private Blob residualDown(Blob x, String prefix) {
        Blob a = conv(x, prefix + "/conv1", 2, false, true);
        Blob b = conv(a, prefix + "/conv2", 1, true, false);

        String pooled = next("avg_pool");
        onnx.addNode("AveragePool", prefix + "/shortcut", List.of(x.name()), pooled)
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", 2, 2))
                .addAttribute(OnnxGraphBuilder.intsAttribute("strides", 2, 2));
        Blob shortcut = new Blob(pooled, x.channels(), x.size() / 2);

        if (b.size() != shortcut.size()) {
            if (b.size() + 1 != shortcut.size()) {
                throw new TfjsFormatException(prefix + ": conv branch " + b.size() + " vs shortcut " + shortcut.size());
            }
            b = zeroPad(b, prefix + "/pad_spatial", 0, 1, b.channels(), b.size() + 1);
        }
        if (shortcut.channels() != b.channels()) {
            if (shortcut.channels() > b.channels()) {
                throw new TfjsFormatException(prefix + ": shortcut wider than the conv branch");
            }
            shortcut = zeroPad(shortcut, prefix + "/pad_channels", b.channels() - shortcut.channels(), 0,
                    b.channels(), shortcut.size());
        }
        return relu(add(shortcut, b));
    }

    /** Zeros appended after the last channel and/or after the last row and column (TF concat of zeros). */
    private Blob zeroPad(Blob x, String name, int extraChannels, int extraRowsAndColumns, int channels, int size) {
        String pads = next("pads");
        onnx.addInt64Initializer(pads, new long[] {0, 0, 0, 0, 0, extraChannels, extraRowsAndColumns, extraRowsAndColumns});
        String out = next("padded");
        onnx.addNode("Pad", name, List.of(x.name(), pads), out);
        return new Blob(out, channels, size);
    }

    /** TF {@code conv2d} + bias + scale layer (+ ReLU); "same" padding is symmetric for the odd kernels used here. */
    private Blob conv(Blob x, String prefix, int stride, boolean same, boolean withRelu) {
        TfjsTensor filters = weight(prefix + "/conv/filters", 4);
        TfjsTensor bias = weight(prefix + "/conv/bias", 1);
        TfjsTensor scale = weight(prefix + "/scale/weights", 1);
        TfjsTensor shift = weight(prefix + "/scale/biases", 1);
        int kh = filters.dim(0);
        int kw = filters.dim(1);
        int in = filters.dim(2);
        int out = filters.dim(3);
        if (in != x.channels() || kh != kw || kh % 2 == 0 || bias.dim(0) != out || scale.dim(0) != out
                || shift.dim(0) != out) {
            throw new TfjsFormatException(prefix + ": " + filters + " " + bias + " " + scale + " " + shift
                    + " do not fit an input of " + x.channels() + " channels");
        }
        float[] w = new float[out * in * kh * kw];
        float[] b = new float[out];
        float[] src = filters.values();
        for (int o = 0; o < out; o++) {
            float s = scale.values()[o];
            b[o] = bias.values()[o] * s + shift.values()[o];
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        w[((o * in + i) * kh + y) * kw + z] = src[((y * kw + z) * in + i) * out + o] * s;
                    }
                }
            }
        }
        String wName = prefix + "/weight";
        String bName = prefix + "/bias";
        onnx.addFloatInitializer(wName, w, out, in, kh, kw);
        onnx.addFloatInitializer(bName, b, out);
        int pad = same ? kh / 2 : 0;
        String output = next("conv");
        onnx.addNode("Conv", prefix, List.of(x.name(), wName, bName), output)
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", kh, kw))
                .addAttribute(OnnxGraphBuilder.intsAttribute("strides", stride, stride))
                .addAttribute(OnnxGraphBuilder.intsAttribute("pads", pad, pad, pad, pad));
        Blob result = new Blob(output, out, (x.size() + 2 * pad - kh) / stride + 1);
        return withRelu ? relu(result) : result;
    }

    private Blob maxPool3x3Stride2(Blob x) {
        String out = next("max_pool");
        onnx.addNode("MaxPool", "max_pool", List.of(x.name()), out)
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", 3, 3))
                .addAttribute(OnnxGraphBuilder.intsAttribute("strides", 2, 2));
        return new Blob(out, x.channels(), (x.size() - 3) / 2 + 1);
    }

    private Blob relu(Blob x) {
        String out = next("relu");
        onnx.addNode("Relu", out, List.of(x.name()), out);
        return new Blob(out, x.channels(), x.size());
    }

    private Blob add(Blob a, Blob b) {
        String out = next("add");
        onnx.addNode("Add", out, List.of(a.name(), b.name()), out);
        return new Blob(out, a.channels(), a.size());
    }

    private TfjsTensor weight(String name, int rank) {
        TfjsTensor t = weights.get(name);
        if (t == null) {
            throw new TfjsFormatException("missing weight " + name);
        }
        if (t.rank() != rank) {
            throw new TfjsFormatException(name + " has rank " + t.rank() + ", expected " + rank);
        }
        used.add(name);
        return t;
    }

    private String next(String kind) {
        return kind + "_" + tensorCount++;
    }
}
