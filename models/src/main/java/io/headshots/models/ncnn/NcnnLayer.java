package io.headshots.models.ncnn;

import java.util.List;

/** One line of an ncnn .param file: a layer, the blobs it reads and writes, and its parameters. */
public record NcnnLayer(String type, String name, List<String> bottoms, List<String> tops, ParamDict params) {

    public NcnnLayer {
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
    }
}
