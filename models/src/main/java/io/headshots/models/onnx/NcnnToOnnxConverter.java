package io.headshots.models.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.headshots.models.ncnn.LayerWeights;
import io.headshots.models.ncnn.NcnnFormatException;
import io.headshots.models.ncnn.NcnnGraph;
import io.headshots.models.ncnn.NcnnLayer;
import io.headshots.models.ncnn.NcnnParamParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts an ncnn upscaler graph into an ONNX model with the project's upscale contract: one
 * float32 input {@code input} [1,C,H,W] and one output {@code output} [1,C',s*H,s*W], H and W
 * dynamic, weights stored as fp32 initializers, and the scale {@code s} in metadata_props.
 */
public final class NcnnToOnnxConverter {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    /** Opset 17 has every operator used here and is read by any ONNX Runtime from 1.13 on. */
    static final int OPSET = 17;
    static final int IR_VERSION = 8;
    /** Recorded in the cache; bump it when a conversion change must redo converted models. */
    public static final String VERSION = "ncnn2onnx-1";
    public static final String SCALE_KEY = "scale";

    /** Reads an ncnn .param/.bin pair and converts it. */
    public ConvertedModel convert(Path param, Path bin, Map<String, String> metadata) throws IOException {
        NcnnGraph graph = new NcnnParamParser().parse(param);
        return convert(graph, LayerWeights.read(graph, bin), metadata);
    }

    /**
     * @param metadata extra metadata_props (name, source, licence); {@code scale} is added from the graph
     */
    public ConvertedModel convert(NcnnGraph graph, LayerWeights weights, Map<String, String> metadata) {
        String inputBlob = graph.inputBlob();
        String outputBlob = graph.outputBlob();
        int inputChannels = inputChannels(graph, inputBlob);

        OnnxGraphBuilder onnx = new OnnxGraphBuilder(metadata.getOrDefault("name", "ncnn-model"));
        onnx.addInput(INPUT, 1, inputChannels, "height", "width");
        LayerTranslation translation = new LayerTranslation(onnx, weights, inputBlob, inputChannels, outputBlob);
        graph.layers().forEach(translation::translate);
        if (!translation.onnxName(outputBlob).equals(OUTPUT)) {
            onnx.addNode("Identity", "output", List.of(translation.onnxName(outputBlob)), OUTPUT);
        }
        double scale = translation.scale(outputBlob);
        if (Double.isNaN(scale) || scale <= 0) {
            throw new NcnnFormatException("cannot tell the model's scale from its graph");
        }
        onnx.addOutput(OUTPUT, 1, translation.channels(outputBlob), "scaled_height", "scaled_width");

        Map<String, String> props = new LinkedHashMap<>(metadata);
        props.put(SCALE_KEY, formatScale(scale));
        props.put("converter", VERSION);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("headshot-pipeline models")
                .setProducerVersion(VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(onnx.build());
        props.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return new ConvertedModel(model.build(), scale);
    }

    /** Input channels are not written in these .param files; the first convolution reading the input tells. */
    private static int inputChannels(NcnnGraph graph, String inputBlob) {
        Set<String> inputAliases = new HashSet<>(Set.of(inputBlob));
        for (NcnnLayer layer : graph.layers()) {
            if (layer.type().equals("Split") && inputAliases.contains(layer.bottoms().get(0))) {
                inputAliases.addAll(layer.tops());
            }
            if (layer.type().equals("Convolution") && inputAliases.contains(layer.bottoms().get(0))) {
                int out = layer.params().getInt(0, 0);
                int kw = layer.params().getInt(1, 0);
                int kh = layer.params().getInt(11, kw);
                return layer.params().getInt(6, 0) / (out * kw * kh);
            }
        }
        return 3;
    }

    static String formatScale(double scale) {
        return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
    }
}
