package io.headshots.models.ncnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the text form of an ncnn .param file.
 *
 * <p>Layout: the magic number 7767517, then "layerCount blobCount", then one line per layer:
 * {@code Type Name bottomCount topCount bottom... top... key=value...}.
 */
public final class NcnnParamParser {

    static final String MAGIC = "7767517";

    public NcnnGraph parse(Path paramFile) throws IOException {
        return parse(Files.readString(paramFile, StandardCharsets.UTF_8));
    }

    public NcnnGraph parse(String text) {
        List<String[]> lines = text.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+"))
                .toList();
        if (lines.isEmpty() || !lines.get(0)[0].equals(MAGIC)) {
            throw new NcnnFormatException("not a text ncnn .param file (magic " + MAGIC + " missing)");
        }
        if (lines.size() < 2 || lines.get(1).length != 2) {
            throw new NcnnFormatException("missing 'layerCount blobCount' line");
        }
        int layerCount = Integer.parseInt(lines.get(1)[0]);
        if (lines.size() - 2 != layerCount) {
            throw new NcnnFormatException("header declares " + layerCount + " layers but file has "
                    + (lines.size() - 2));
        }
        List<NcnnLayer> layers = new ArrayList<>(layerCount);
        for (String[] tokens : lines.subList(2, lines.size())) {
            layers.add(parseLayer(tokens));
        }
        return new NcnnGraph(layers);
    }

    private static NcnnLayer parseLayer(String[] t) {
        if (t.length < 4) {
            throw new NcnnFormatException("short layer line: " + String.join(" ", t));
        }
        int bottoms = Integer.parseInt(t[2]);
        int tops = Integer.parseInt(t[3]);
        int paramsStart = 4 + bottoms + tops;
        if (t.length < paramsStart) {
            throw new NcnnFormatException("layer " + t[1] + " lists fewer blobs than it declares");
        }
        return new NcnnLayer(t[0], t[1],
                Arrays.asList(t).subList(4, 4 + bottoms),
                Arrays.asList(t).subList(4 + bottoms, paramsStart),
                ParamDict.parse(Arrays.asList(t).subList(paramsStart, t.length)));
    }
}
