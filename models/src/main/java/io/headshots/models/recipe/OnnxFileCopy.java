package io.headshots.models.recipe;

import io.headshots.models.ModelEntry;
import io.headshots.models.source.TarballEntries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A ready ONNX file in the tarball, copied unchanged (its bytes are the upstream model's). */
final class OnnxFileCopy implements ModelRecipe {

    @Override
    public String version() {
        return "onnx-copy-1";
    }

    @Override
    public void make(ModelEntry entry, Path tarball, Path workDir, Path onnxFile) throws IOException {
        TarballEntries.extract(tarball, Map.of(entry.source().path(), onnxFile));
        OnnxFileCheck.requireModel(onnxFile, entry.name());
    }
}
