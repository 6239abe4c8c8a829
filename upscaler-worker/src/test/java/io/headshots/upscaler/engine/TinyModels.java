package io.headshots.upscaler.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small ONNX upscalers written by hand for tests, obeying the model contract (input
 * {@code input} [1,3,H,W], output {@code output} [1,3,sH,sW], metadata {@code scale}).
 * Their 3x3 convolutions with zero padding before and after a bilinear resize see past
 * a tile's edge like a real network does, so a tiling or blending mistake shows.
 */
public final class TinyModels {

    /** x4: six 3x3 convolutions, bilinear resize, one more convolution. */
    public static final String X4 = "tiny-x4";
    /** x2, otherwise like {@link #X4}. */
    public static final String X2 = "tiny-x2";
    /** x4 without the scale metadata: the engine has to measure it. */
    public static final String X4_NO_METADATA = "tiny-x4-nometa";
    /** Like {@link #X4} with a free batch dimension, as the fp16 variants have. */
    public static final String X4_BATCH = "tiny-x4-batch";
    /** Returns NaN everywhere, like a model whose weights went bad. */
    public static final String NAN = "tiny-nan";

    // ONNX enum values and field numbers (onnx.proto).
    private static final int FLOAT = 1;
    private static final int ATTR_INTS = 7;
    private static final int ATTR_STRING = 3;

    private TinyModels() {
    }

    /** Writes all tiny models into {@code dir} and returns it. */
    public static Path writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(X4 + ".onnx"), upscaler(4, 6, true, false));
        Files.write(dir.resolve(X2 + ".onnx"), upscaler(2, 6, true, false));
        Files.write(dir.resolve(X4_NO_METADATA + ".onnx"), upscaler(4, 6, false, false));
        Files.write(dir.resolve(NAN + ".onnx"), upscaler(4, 1, true, true));
        Files.write(dir.resolve(X4_BATCH + ".onnx"), upscaler(4, 6, true, false, true));
        return dir;
    }

    static byte[] upscaler(int scale, int convsBefore, boolean withMetadata, boolean nan) {
        return upscaler(scale, convsBefore, withMetadata, nan, false);
    }

    static byte[] upscaler(int scale, int convsBefore, boolean withMetadata, boolean nan, boolean freeBatch) {
        Random random = new Random(42);
        ProtoWriter graph = new ProtoWriter().string(2, "tiny");
        List<ProtoWriter> initializers = new ArrayList<>();
        String current = "input";
        for (int i = 0; i < convsBefore; i++) {
            current = conv(graph, initializers, current, "c" + i, random);
        }
        initializers.add(tensor("scales", new long[]{4}, new float[]{1, 1, scale, scale}));
        graph.message(1, node("Resize", List.of(current, "", "scales"), "up")
                .message(5, stringAttribute("mode", "linear")));
        current = conv(graph, initializers, "up", "tail", random);
        if (nan) {
            initializers.add(tensor("two", new long[0], new float[]{2f}));
            graph.message(1, node("Sub", List.of(current, "two"), "negative"));
            graph.message(1, node("Sqrt", List.of("negative"), "output"));
        } else {
            graph.message(1, node("Identity", List.of(current), "output"));
        }
        for (ProtoWriter init : initializers) {
            graph.message(5, init);
        }
        graph.message(11, valueInfo("input", freeBatch, "H", "W"));
        graph.message(12, valueInfo("output", freeBatch, "OH", "OW"));

        ProtoWriter model = new ProtoWriter()
                .varint(1, 8)
                .string(2, "headshots-tests")
                .message(8, new ProtoWriter().varint(2, 13))
                .message(7, graph);
        if (withMetadata) {
            model.message(14, new ProtoWriter().string(1, "scale").string(2, Integer.toString(scale)));
        }
        return model.toBytes();
    }

    // Each output channel keeps its own channel (centre 0.6, neighbours 0.05: a mild blur)
    // plus zero-sum noise across all taps: flat colours pass unchanged, edges get perturbed.
    private static String conv(ProtoWriter graph, List<ProtoWriter> initializers, String input, String name, Random random) {
        float[] weights = new float[3 * 3 * 3 * 3];
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 3; i++) {
                float[] noise = new float[9];
                float mean = 0;
                for (int k = 0; k < 9; k++) {
                    noise[k] = (float) (random.nextGaussian() * 0.03);
                    mean += noise[k] / 9;
                }
                for (int k = 0; k < 9; k++) {
                    float w = noise[k] - mean;
                    if (o == i) {
                        w += k == 4 ? 0.6f : 0.05f;
                    }
                    weights[((o * 3 + i) * 3 + k / 3) * 3 + k % 3] = w;
                }
            }
        }
        initializers.add(tensor(name + "_w", new long[]{3, 3, 3, 3}, weights));
        initializers.add(tensor(name + "_b", new long[]{3}, new float[]{0f, 0f, 0f}));
        graph.message(1, node("Conv", List.of(input, name + "_w", name + "_b"), name)
                .message(5, intsAttribute("pads", 1, 1, 1, 1))
                .message(5, intsAttribute("kernel_shape", 3, 3)));
        return name;
    }

    private static ProtoWriter node(String op, List<String> inputs, String output) {
        ProtoWriter node = new ProtoWriter();
        for (String in : inputs) {
            node.string(1, in);
        }
        return node.string(2, output).string(3, output + "_node").string(4, op);
    }

    private static ProtoWriter tensor(String name, long[] dims, float[] values) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) {
            t.packedVarints(1, dims);
        }
        return t.varint(2, FLOAT).packedFloats(4, values).string(8, name);
    }

    private static ProtoWriter intsAttribute(String name, long... values) {
        return new ProtoWriter().string(1, name).packedVarints(8, values).varint(20, ATTR_INTS);
    }

    private static ProtoWriter stringAttribute(String name, String value) {
        return new ProtoWriter().string(1, name).string(4, value).varint(20, ATTR_STRING);
    }

    private static ProtoWriter valueInfo(String name, boolean freeBatch, String heightParam, String widthParam) {
        ProtoWriter shape = new ProtoWriter()
                .message(1, freeBatch ? new ProtoWriter().string(2, "N") : new ProtoWriter().varint(1, 1))
                .message(1, new ProtoWriter().varint(1, 3))
                .message(1, new ProtoWriter().string(2, heightParam))
                .message(1, new ProtoWriter().string(2, widthParam));
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
