package io.headshots.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headshots.models.ncnn.HalfFloat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js {@code weights_manifest.json}: a list of groups, each with the shard files
 * ({@code paths}) whose concatenated bytes hold the group's {@code weights} back to back, little-endian.
 * A weight is stored as its {@code dtype} (float32, int32), or, when it has a {@code quantization},
 * as that dtype: uint8/uint16 values {@code q} that decode to {@code q * scale + min}, or float16.
 */
public final class TfjsWeightsManifest {

    /** One weight entry of a group: where its bytes are and how to decode them. */
    private record WeightSpec(String name, int[] shape, String dtype, String quantDtype, double scale, double min) {

        int count() {
            int n = 1;
            for (int d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        int bytesPerValue() {
            String stored = quantDtype != null ? quantDtype : dtype;
            return switch (stored) {
                case "float32", "int32" -> 4;
                case "uint16", "float16" -> 2;
                case "uint8" -> 1;
                default -> throw new TfjsFormatException(name + ": unsupported dtype " + stored);
            };
        }
    }

    private record Group(List<String> paths, List<WeightSpec> weights) {
    }

    private final List<Group> groups;

    private TfjsWeightsManifest(List<Group> groups) {
        this.groups = groups;
    }

    public static TfjsWeightsManifest parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (!root.isArray()) {
            throw new TfjsFormatException("weights manifest is not a JSON array of groups");
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : root) {
            List<String> paths = new ArrayList<>();
            g.path("paths").forEach(p -> paths.add(p.asText()));
            List<WeightSpec> weights = new ArrayList<>();
            for (JsonNode w : g.path("weights")) {
                int[] shape = new int[w.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").path(i).asInt();
                }
                JsonNode q = w.path("quantization");
                weights.add(new WeightSpec(w.path("name").asText(), shape, w.path("dtype").asText("float32"),
                        q.isObject() ? q.path("dtype").asText() : null,
                        q.path("scale").asDouble(1), q.path("min").asDouble(0)));
            }
            if (paths.isEmpty()) {
                throw new TfjsFormatException("weights manifest group without shard paths");
            }
            groups.add(new Group(List.copyOf(paths), List.copyOf(weights)));
        }
        return new TfjsWeightsManifest(List.copyOf(groups));
    }

    /** Shard paths of every group, relative to the manifest, in manifest order. */
    public List<String> shardPaths() {
        return groups.stream().flatMap(g -> g.paths().stream()).toList();
    }

    /**
     * Decodes every weight, reading shard {@code p} from {@code shards.get(p)}.
     *
     * @throws TfjsFormatException when a group's shards do not hold exactly its weights
     */
    public Map<String, TfjsTensor> read(Map<String, Path> shards) throws IOException {
        Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
        for (Group group : groups) {
            ByteBuffer bytes = ByteBuffer.wrap(concatenate(group.paths(), shards)).order(ByteOrder.LITTLE_ENDIAN);
            for (WeightSpec spec : group.weights()) {
                long need = (long) spec.count() * spec.bytesPerValue();
                if (bytes.remaining() < need) {
                    throw new TfjsFormatException(spec.name() + ": shards end " + (need - bytes.remaining())
                            + " bytes early");
                }
                if (tensors.put(spec.name(), new TfjsTensor(spec.name(), spec.shape(), decode(spec, bytes))) != null) {
                    throw new TfjsFormatException("weights manifest lists " + spec.name() + " twice");
                }
            }
            if (bytes.hasRemaining()) {
                throw new TfjsFormatException("shards " + group.paths() + " hold " + bytes.remaining()
                        + " bytes more than the manifest's weights");
            }
        }
        return tensors;
    }

    private static byte[] concatenate(List<String> paths, Map<String, Path> shards) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String p : paths) {
            Path file = shards.get(p);
            if (file == null) {
                throw new TfjsFormatException("no file for shard " + p);
            }
            all.write(Files.readAllBytes(file));
        }
        return all.toByteArray();
    }

    /** Dequantisation as tfjs does it: {@code q * scale + min} in double, stored as float32. */
    private static float[] decode(WeightSpec spec, ByteBuffer bytes) {
        float[] values = new float[spec.count()];
        String stored = spec.quantDtype() != null ? spec.quantDtype() : spec.dtype();
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (stored) {
                case "float32" -> bytes.getFloat();
                case "int32" -> bytes.getInt();
                case "float16" -> HalfFloat.toFloat(bytes.getShort());
                case "uint8" -> (float) ((bytes.get() & 0xFF) * spec.scale() + spec.min());
                case "uint16" -> (float) ((bytes.getShort() & 0xFFFF) * spec.scale() + spec.min());
                default -> throw new TfjsFormatException(spec.name() + ": unsupported dtype " + stored);
            };
        }
        return values;
    }
}
