package io.headshots.models.recipe;

import io.headshots.models.ModelEntry;
import io.headshots.models.ModelSource;
import io.headshots.models.source.TarballEntries;
import io.headshots.models.tfjs.FaceRecognitionNetToOnnx;
import io.headshots.models.tfjs.TfjsTensor;
import io.headshots.models.tfjs.TfjsWeightsManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** face-api's FaceRecognitionNet weights (TFJS manifest + shards) rebuilt as ONNX by {@link FaceRecognitionNetToOnnx}. */
final class FaceRecognitionNetConversion implements ModelRecipe {

    @Override
    public String version() {
        return FaceRecognitionNetToOnnx.VERSION;
    }

    @Override
    public void make(ModelEntry entry, Path tarball, Path workDir, Path onnxFile) throws IOException {
        ModelSource source = entry.source();
        Path manifestFile = workDir.resolve("weights_manifest.json");
        TarballEntries.extract(tarball, Map.of(source.path(), manifestFile));
        TfjsWeightsManifest manifest = TfjsWeightsManifest.parse(Files.readString(manifestFile));

        String dir = source.path().contains("/") ? source.path().substring(0, source.path().lastIndexOf('/') + 1) : "";
        List<String> shardPaths = manifest.shardPaths();
        Map<String, Path> inTarball = new HashMap<>();
        Map<String, Path> byShardPath = new HashMap<>();
        for (int i = 0; i < shardPaths.size(); i++) {
            Path file = workDir.resolve("shard-" + i);
            inTarball.put(dir + shardPaths.get(i), file);
            byShardPath.put(shardPaths.get(i), file);
        }
        TarballEntries.extract(tarball, inTarball);
        Map<String, TfjsTensor> weights = manifest.read(byShardPath);

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", entry.name());
        metadata.put("architecture", entry.architecture());
        metadata.put("licence", entry.licence());
        metadata.put("source", "npm " + source.npmSpec() + " sha256:" + source.tarballSha256() + " " + source.path());
        metadata.put("package_licence", source.packageLicence());
        metadata.put("input", "float32 [N,3,150,150] RGB 0..255; the graph subtracts mean (122.782, 117.001, 104.298) and divides by 255");
        metadata.put("output", "descriptor float32 [N,128], not normalised; same person when the euclidean distance is below about 0.6");
        try (OutputStream out = Files.newOutputStream(onnxFile)) {
            FaceRecognitionNetToOnnx.convert(weights, metadata).writeTo(out);
        }
    }
}
