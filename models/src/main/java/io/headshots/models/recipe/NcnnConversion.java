package io.headshots.models.recipe;

import io.headshots.models.ModelEntry;
import io.headshots.models.ModelSource;
import io.headshots.models.ModelUnavailableException;
import io.headshots.models.onnx.ConvertedModel;
import io.headshots.models.onnx.NcnnToOnnxConverter;
import io.headshots.models.source.TarballEntries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** ncnn .param/.bin from the tarball, converted by {@link NcnnToOnnxConverter}; the graph's scale must match the catalogue's. */
final class NcnnConversion implements ModelRecipe {

    private final NcnnToOnnxConverter converter = new NcnnToOnnxConverter();

    @Override
    public String version() {
        return NcnnToOnnxConverter.VERSION;
    }

    @Override
    public void make(ModelEntry entry, Path tarball, Path workDir, Path onnxFile) throws IOException {
        ModelSource source = entry.source();
        Path param = workDir.resolve(entry.name() + ".param");
        Path bin = workDir.resolve(entry.name() + ".bin");
        TarballEntries.extract(tarball, Map.of(source.paramPath(), param, source.binPath(), bin));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", entry.name());
        metadata.put("architecture", entry.architecture());
        metadata.put("licence", entry.licence());
        metadata.put("source", "npm " + source.npmSpec() + " sha256:" + source.tarballSha256() + " " + source.paramPath());
        metadata.put("package_licence", source.packageLicence());
        ConvertedModel model = converter.convert(param, bin, metadata);
        if (model.scale() != entry.scale()) {
            throw new ModelUnavailableException(entry.name() + ": graph scales by " + model.scale()
                    + " but the catalogue says " + entry.scale());
        }
        model.writeTo(onnxFile);
    }
}
