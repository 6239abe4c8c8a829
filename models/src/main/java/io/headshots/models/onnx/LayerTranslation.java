package io.headshots.models.onnx;

import static io.headshots.models.onnx.OnnxGraphBuilder.floatAttribute;
import static io.headshots.models.onnx.OnnxGraphBuilder.intAttribute;
import static io.headshots.models.onnx.OnnxGraphBuilder.intsAttribute;
import static io.headshots.models.onnx.OnnxGraphBuilder.stringAttribute;

import io.headshots.models.ncnn.LayerWeights;
import io.headshots.models.ncnn.NcnnFormatException;
import io.headshots.models.ncnn.NcnnLayer;
import io.headshots.models.ncnn.ParamDict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns ncnn layers, one at a time and in file order, into ONNX nodes, while tracking each blob's
 * ONNX name, channel count and spatial scale relative to the input.
 *
 * <p>ncnn blobs are 3-D (c, h, w) for these models; ONNX tensors are 4-D (1, c, h, w), so ncnn's
 * axis k is ONNX axis k + 1.
 */
final class LayerTranslation {

    private final OnnxGraphBuilder onnx;
    private final LayerWeights weights;
    private final String outputBlob;
    private final Map<String, String> onnxNames = new HashMap<>();
    private final Map<String, Integer> channels = new HashMap<>();
    private final Map<String, Double> scales = new HashMap<>();

    LayerTranslation(OnnxGraphBuilder onnx, LayerWeights weights, String inputBlob, int inputChannels,
                     String outputBlob) {
        this.onnx = onnx;
        this.weights = weights;
        this.outputBlob = outputBlob;
        onnxNames.put(inputBlob, NcnnToOnnxConverter.INPUT);
        channels.put(inputBlob, inputChannels);
        scales.put(inputBlob, 1.0);
    }

    void translate(NcnnLayer layer) {
        switch (layer.type()) {
            case "Input" -> { }
            case "Split" -> split(layer);
            case "Convolution" -> convolution(layer);
            case "PReLU" -> prelu(layer);
            case "Concat" -> concat(layer);
            case "Eltwise" -> eltwise(layer);
            case "BinaryOp" -> binaryOp(layer);
            case "Interp" -> interp(layer);
            case "PixelShuffle" -> pixelShuffle(layer);
            default -> throw new NcnnFormatException("unsupported ncnn layer type " + layer.type());
        }
    }

    String onnxName(String blob) {
        String name = onnxNames.get(blob);
        if (name == null) {
            throw new NcnnFormatException("blob " + blob + " is read before any layer writes it");
        }
        return name;
    }

    int channels(String blob) {
        return channels.getOrDefault(blob, -1);
    }

    double scale(String blob) {
        return scales.getOrDefault(blob, Double.NaN);
    }

    private void split(NcnnLayer layer) {
        String bottom = layer.bottoms().get(0);
        // Split only fans a blob out to several readers; ONNX tensors can have many readers already.
        for (String top : layer.tops()) {
            onnxNames.put(top, onnxName(bottom));
            channels.put(top, channels(bottom));
            scales.put(top, scale(bottom));
        }
    }

    private void convolution(NcnnLayer layer) {
        ParamDict p = layer.params();
        int outChannels = p.getInt(0, 0);
        int kernelW = p.getInt(1, 0);
        int kernelH = p.getInt(11, kernelW);
        int dilationW = p.getInt(2, 1);
        int dilationH = p.getInt(12, dilationW);
        int strideW = p.getInt(3, 1);
        int strideH = p.getInt(13, strideW);
        int padLeft = p.getInt(4, 0);
        int padRight = p.getInt(15, padLeft);
        int padTop = p.getInt(14, padLeft);
        int padBottom = p.getInt(16, padTop);
        int weightSize = p.getInt(6, 0);
        if (p.getInt(8, 0) != 0 || p.getInt(19, 0) != 0 || p.getFloat(18, 0f) != 0f) {
            throw new NcnnFormatException(layer.name() + ": int8, dynamic-weight or padded-value convolution is not supported");
        }
        if (outChannels <= 0 || kernelW <= 0 || weightSize % (outChannels * kernelW * kernelH) != 0) {
            throw new NcnnFormatException(layer.name() + ": weight_data_size " + weightSize
                    + " does not fit " + outChannels + "x?x" + kernelH + "x" + kernelW);
        }
        int inChannels = weightSize / (outChannels * kernelW * kernelH);
        String bottom = layer.bottoms().get(0);
        checkChannels(layer, bottom, inChannels);

        List<float[]> blobs = weights.of(layer.name());
        List<String> inputs = new ArrayList<>(List.of(onnxName(bottom), layer.name() + ".weight"));
        onnx.addFloatInitializer(layer.name() + ".weight", blobs.get(0), outChannels, inChannels, kernelH, kernelW);
        if (blobs.size() > 1) {
            onnx.addFloatInitializer(layer.name() + ".bias", blobs.get(1), outChannels);
            inputs.add(layer.name() + ".bias");
        }

        String top = layer.tops().get(0);
        int activation = p.getInt(9, 0);
        String convOut = activation == 0 ? nameFor(top) : layer.name() + ":conv";
        var conv = onnx.addNode("Conv", layer.name(), inputs, convOut)
                .addAttribute(intsAttribute("kernel_shape", kernelH, kernelW))
                .addAttribute(intsAttribute("strides", strideH, strideW))
                .addAttribute(intsAttribute("dilations", dilationH, dilationW));
        if (padLeft == -233 || padLeft == -234) {
            // ncnn's -233/-234 are TensorFlow-style SAME padding, extra pixel after/before.
            conv.addAttribute(stringAttribute("auto_pad", padLeft == -233 ? "SAME_UPPER" : "SAME_LOWER"));
        } else {
            conv.addAttribute(intsAttribute("pads", padTop, padLeft, padBottom, padRight));
        }
        activation(layer, activation, p.getFloats(10), convOut, nameFor(top));
        define(top, outChannels, strideH == strideW ? scale(bottom) / strideH : Double.NaN);
    }

    private void activation(NcnnLayer layer, int type, float[] params, String in, String out) {
        switch (type) {
            case 0 -> { }
            case 1 -> onnx.addNode("Relu", layer.name(), List.of(in), out);
            case 2 -> onnx.addNode("LeakyRelu", layer.name(), List.of(in), out)
                    .addAttribute(floatAttribute("alpha", params.length > 0 ? params[0] : 0f));
            case 3 -> {
                onnx.addFloatInitializer(layer.name() + ".clip_min", new float[] {params[0]});
                onnx.addFloatInitializer(layer.name() + ".clip_max", new float[] {params[1]});
                onnx.addNode("Clip", layer.name(), List.of(in, layer.name() + ".clip_min", layer.name() + ".clip_max"), out);
            }
            case 4 -> onnx.addNode("Sigmoid", layer.name(), List.of(in), out);
            default -> throw new NcnnFormatException(layer.name() + ": activation type " + type + " is not supported");
        }
    }

    private void prelu(NcnnLayer layer) {
        String bottom = layer.bottoms().get(0);
        float[] slopes = weights.of(layer.name()).get(0);
        if (slopes.length > 1) {
            checkChannels(layer, bottom, slopes.length);
            onnx.addFloatInitializer(layer.name() + ".slope", slopes, slopes.length, 1, 1);
        } else {
            onnx.addFloatInitializer(layer.name() + ".slope", slopes, 1);
        }
        String top = layer.tops().get(0);
        onnx.addNode("PRelu", layer.name(), List.of(onnxName(bottom), layer.name() + ".slope"), nameFor(top));
        define(top, channels(bottom), scale(bottom));
    }

    private void concat(NcnnLayer layer) {
        int axis = layer.params().getInt(0, 0);
        List<String> inputs = layer.bottoms().stream().map(this::onnxName).toList();
        String top = layer.tops().get(0);
        onnx.addNode("Concat", layer.name(), inputs, nameFor(top))
                .addAttribute(intAttribute("axis", axis >= 0 ? axis + 1 : axis));
        int sum = axis == 0 ? layer.bottoms().stream().mapToInt(this::channels).sum() : channels(layer.bottoms().get(0));
        define(top, sum, scale(layer.bottoms().get(0)));
    }

    private void eltwise(NcnnLayer layer) {
        int op = layer.params().getInt(0, 1);
        float[] coeffs = layer.params().getFloats(1);
        String top = layer.tops().get(0);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < layer.bottoms().size(); i++) {
            String in = onnxName(layer.bottoms().get(i));
            // ncnn applies coefficients only to SUM; 1.0 needs no node.
            if (op == 1 && coeffs.length > 0 && coeffs[i] != 1f) {
                String coeff = layer.name() + ".coeff" + i;
                onnx.addFloatInitializer(coeff, new float[] {coeffs[i]});
                String scaled = layer.name() + ":scaled" + i;
                onnx.addNode("Mul", layer.name(), List.of(in, coeff), scaled);
                in = scaled;
            }
            inputs.add(in);
        }
        switch (op) {
            case 0 -> chain("Mul", layer, inputs, nameFor(top));
            case 1 -> onnx.addNode("Sum", layer.name(), inputs, nameFor(top));
            case 2 -> onnx.addNode("Max", layer.name(), inputs, nameFor(top));
            default -> throw new NcnnFormatException(layer.name() + ": Eltwise op_type " + op + " is not supported");
        }
        define(top, channels(layer.bottoms().get(0)), scale(layer.bottoms().get(0)));
    }

    private void chain(String opType, NcnnLayer layer, List<String> inputs, String out) {
        String acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            String next = i == inputs.size() - 1 ? out : layer.name() + ":" + opType + i;
            onnx.addNode(opType, layer.name(), List.of(acc, inputs.get(i)), next);
            acc = next;
        }
    }

    private void binaryOp(NcnnLayer layer) {
        ParamDict p = layer.params();
        int op = p.getInt(0, 0);
        String a = onnxName(layer.bottoms().get(0));
        String b;
        if (p.getInt(1, 0) != 0) {
            b = layer.name() + ".b";
            onnx.addFloatInitializer(b, new float[] {p.getFloat(2, 0f)});
        } else {
            b = onnxName(layer.bottoms().get(1));
        }
        String[] opTypes = {"Add", "Sub", "Mul", "Div", "Max", "Min", "Pow", "Sub", "Div", "Pow"};
        if (op < 0 || op >= opTypes.length) {
            throw new NcnnFormatException(layer.name() + ": BinaryOp op_type " + op + " is not supported");
        }
        // 7, 8 and 9 are ncnn's reversed sub, div and pow: b op a.
        List<String> inputs = op >= 7 ? List.of(b, a) : List.of(a, b);
        String top = layer.tops().get(0);
        onnx.addNode(opTypes[op], layer.name(), inputs, nameFor(top));
        define(top, channels(layer.bottoms().get(0)), scale(layer.bottoms().get(0)));
    }

    private void interp(NcnnLayer layer) {
        ParamDict p = layer.params();
        int type = p.getInt(0, 0);
        float heightScale = p.getFloat(1, 1f);
        float widthScale = p.getFloat(2, 1f);
        int outH = p.getInt(3, 0);
        int outW = p.getInt(4, 0);
        boolean alignCorners = p.getInt(6, 0) != 0;
        if (p.getInt(5, 0) != 0) {
            throw new NcnnFormatException(layer.name() + ": Interp with a dynamic target size is not supported");
        }
        String bottom = layer.bottoms().get(0);
        String top = layer.tops().get(0);
        List<String> inputs;
        if (outH != 0 && outW != 0) {
            onnx.addInt64Initializer(layer.name() + ".sizes", new long[] {1, channels(bottom), outH, outW});
            inputs = List.of(onnxName(bottom), "", "", layer.name() + ".sizes");
        } else {
            onnx.addFloatInitializer(layer.name() + ".scales", new float[] {1f, 1f, heightScale, widthScale}, 4);
            inputs = List.of(onnxName(bottom), "", layer.name() + ".scales");
        }
        var resize = onnx.addNode("Resize", layer.name(), inputs, nameFor(top));
        switch (type) {
            // ncnn nearest picks src = floor(dst / scale): ONNX asymmetric + floor.
            case 1 -> resize.addAttribute(stringAttribute("mode", "nearest"))
                    .addAttribute(stringAttribute("coordinate_transformation_mode", "asymmetric"))
                    .addAttribute(stringAttribute("nearest_mode", "floor"));
            case 2 -> resize.addAttribute(stringAttribute("mode", "linear"))
                    .addAttribute(stringAttribute("coordinate_transformation_mode", alignCorners ? "align_corners" : "half_pixel"));
            // ncnn bicubic is Keys' kernel with A = -0.75, half-pixel centres, edge pixels repeated.
            case 3 -> resize.addAttribute(stringAttribute("mode", "cubic"))
                    .addAttribute(floatAttribute("cubic_coeff_a", -0.75f))
                    .addAttribute(intAttribute("exclude_outside", 0))
                    .addAttribute(stringAttribute("coordinate_transformation_mode", alignCorners ? "align_corners" : "half_pixel"));
            default -> throw new NcnnFormatException(layer.name() + ": Interp resize_type " + type + " is not supported");
        }
        boolean fixedSize = outH != 0 && outW != 0;
        double scale = !fixedSize && heightScale == widthScale ? scale(bottom) * heightScale : Double.NaN;
        define(top, channels(bottom), scale);
    }

    private void pixelShuffle(NcnnLayer layer) {
        int factor = layer.params().getInt(0, 1);
        int mode = layer.params().getInt(1, 0);
        String bottom = layer.bottoms().get(0);
        String top = layer.tops().get(0);
        // ncnn mode 0 reads channel c*r*r + i*r + j (PyTorch pixel_shuffle) = ONNX CRD; mode 1 = DCR.
        onnx.addNode("DepthToSpace", layer.name(), List.of(onnxName(bottom)), nameFor(top))
                .addAttribute(intAttribute("blocksize", factor))
                .addAttribute(stringAttribute("mode", mode == 0 ? "CRD" : "DCR"));
        int in = channels(bottom);
        define(top, in < 0 ? -1 : in / (factor * factor), scale(bottom) * factor);
    }

    private void checkChannels(NcnnLayer layer, String bottom, int expected) {
        int actual = channels(bottom);
        if (actual >= 0 && actual != expected) {
            throw new NcnnFormatException(layer.name() + " expects " + expected + " channels, blob "
                    + bottom + " has " + actual);
        }
    }

    private String nameFor(String top) {
        // Keep ncnn names for tracing, but never let an inner blob take the graph's own IO names.
        return top.equals(outputBlob) ? NcnnToOnnxConverter.OUTPUT : "ncnn:" + top;
    }

    private void define(String top, int channelCount, double scale) {
        onnxNames.put(top, nameFor(top));
        channels.put(top, channelCount);
        scales.put(top, scale);
    }
}
