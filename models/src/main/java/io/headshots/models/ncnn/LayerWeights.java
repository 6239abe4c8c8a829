package io.headshots.models.ncnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weight blobs of every layer of a graph, read from its .bin in layer order.
 *
 * <p>Only the layer types the converter knows are accepted: a layer of unknown type might consume
 * bytes of the .bin, and guessing wrong would silently shift every later weight.
 */
public final class LayerWeights {

    /** Layer types that own no weights. */
    private static final Set<String> WEIGHTLESS =
            Set.of("Input", "Split", "Concat", "Eltwise", "BinaryOp", "Interp", "PixelShuffle");

    private final Map<String, List<float[]>> byLayer;

    private LayerWeights(Map<String, List<float[]>> byLayer) {
        this.byLayer = byLayer;
    }

    public static LayerWeights read(NcnnGraph graph, Path binFile) throws IOException {
        return read(graph, new NcnnModelBin(Files.readAllBytes(binFile)));
    }

    public static LayerWeights read(NcnnGraph graph, NcnnModelBin bin) {
        Map<String, List<float[]>> byLayer = new HashMap<>();
        for (NcnnLayer layer : graph.layers()) {
            ParamDict p = layer.params();
            switch (layer.type()) {
                case "Convolution" -> {
                    float[] weight = bin.loadTagged(p.getInt(6, 0));
                    byLayer.put(layer.name(), p.getInt(5, 0) != 0
                            ? List.of(weight, bin.loadRaw(p.getInt(0, 0)))
                            : List.of(weight));
                }
                case "PReLU" -> byLayer.put(layer.name(), List.of(bin.loadRaw(p.getInt(0, 0))));
                default -> {
                    if (!WEIGHTLESS.contains(layer.type())) {
                        throw new NcnnFormatException("unsupported ncnn layer type " + layer.type()
                                + " (" + layer.name() + ")");
                    }
                }
            }
        }
        if (bin.remaining() != 0) {
            throw new NcnnFormatException(bin.remaining() + " bytes left over in .bin: .param and .bin do not match");
        }
        return new LayerWeights(byLayer);
    }

    /** The layer's blobs in load order (Convolution: weight then optional bias; PReLU: slopes). */
    public List<float[]> of(String layerName) {
        return byLayer.getOrDefault(layerName, List.of());
    }
}
