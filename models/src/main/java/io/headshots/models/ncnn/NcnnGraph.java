package io.headshots.models.ncnn;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The layers of an ncnn model in file order, which is also the order their weights sit in the .bin. */
public record NcnnGraph(List<NcnnLayer> layers) {

    public NcnnGraph {
        layers = List.copyOf(layers);
    }

    /** The blob written by the single Input layer. */
    public String inputBlob() {
        List<NcnnLayer> inputs = layers.stream().filter(l -> l.type().equals("Input")).toList();
        if (inputs.size() != 1 || inputs.get(0).tops().size() != 1) {
            throw new NcnnFormatException("expected exactly one Input layer with one blob, found " + inputs.size());
        }
        return inputs.get(0).tops().get(0);
    }

    /** The blob that no layer reads: an upscaler has exactly one. */
    public String outputBlob() {
        Set<String> read = new HashSet<>();
        layers.forEach(l -> read.addAll(l.bottoms()));
        List<String> unread = layers.stream()
                .flatMap(l -> l.tops().stream())
                .filter(b -> !read.contains(b))
                .toList();
        if (unread.size() != 1) {
            throw new NcnnFormatException("expected exactly one output blob, found " + unread);
        }
        return unread.get(0);
    }
}
