package io.headshots.generator.engine.diffusion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import io.headshots.generator.engine.OrtSessions;
import io.headshots.generator.engine.diffusion.ComponentContracts.Component;
import io.headshots.generator.engine.diffusion.ComponentContracts.Kind;
import io.headshots.generator.engine.diffusion.ComponentContracts.TensorSpec;

/**
 * Every session of the diffusion engine, opened once at start-up and checked against
 * {@link ComponentContracts}: a folder that does not match is refused with a message naming the
 * file, the tensor, what was expected and what was found. Sessions are shared by all calls
 * ({@link OrtSession#run} is thread-safe).
 */
final class DiffusionModels implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiffusionModels.class.getName());
    private static final long MIB = 1024 * 1024;

    final OrtEnvironment env;
    final DiffusionManifest manifest;
    final Path folder;
    private final OrtSessions opened;
    private final Map<Component, OrtSession> sessions = new EnumMap<>(Component.class);

    DiffusionModels(DiffusionOptions config) {
        this.folder = config.modelDir();
        this.manifest = DiffusionManifest.read(folder);
        long total = 0;
        for (Component c : Component.values()) {
            Path file = manifest.file(folder, c);
            if (!Files.isRegularFile(file)) {
                throw new ModelFolderMismatch(c.key() + ": file " + folder.relativize(file) + " is missing from " + folder);
            }
            total += size(file);
        }
        for (String f : List.of(manifest.tokenizer().vocab(), manifest.tokenizer().merges())) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                throw new ModelFolderMismatch("tokenizer: file " + f + " is missing from " + folder);
            }
        }
        if (config.vramBudgetMib() != null && total > config.vramBudgetMib() * MIB) {
            throw new ModelFolderMismatch(String.format("the model files take %d MiB, over the VRAM budget of %d MiB "
                    + "(an estimate: activations come on top)", total / MIB, config.vramBudgetMib()));
        }
        opened = new OrtSessions(config.device(), config.intraOpThreads());
        env = opened.env();
        try {
            for (Component c : Component.values()) {
                OrtSession s = opened.open(manifest.file(folder, c), c.key(), true);
                sessions.put(c, s);
                check(c, s);
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("diffusion models could not be loaded: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long mib = total / MIB;
        LOG.info(() -> String.format("diffusion models loaded from the operator's folder: %d MiB of ONNX files", mib));
    }

    OrtSession session(Component c) {
        return sessions.get(c);
    }

    /** True when the component's first input takes any batch (else rows run one at a time). */
    boolean batches(Component c) {
        try {
            TensorInfo info = (TensorInfo) sessions.get(c).getInputInfo().values().iterator().next().getInfo();
            return info.getShape()[0] != 1;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean accepts(Component c, String input) {
        try {
            return sessions.get(c).getInputInfo().containsKey(input);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(Component c, OrtSession s) throws OrtException {
        String where = c.key() + " (" + folder.relativize(manifest.file(folder, c)) + ")";
        int residuals = manifest.controlResiduals();
        checkSide(where, "input", ComponentContracts.inputs(c, residuals), s.getInputInfo());
        checkSide(where, "output", ComponentContracts.outputs(c, residuals), s.getOutputInfo());
    }

    private void checkSide(String where, String side, List<TensorSpec> specs, Map<String, NodeInfo> found) {
        for (TensorSpec spec : specs) {
            NodeInfo node = found.get(spec.name());
            if (node == null) {
                if (spec.optional()) {
                    continue;
                }
                throw new ModelFolderMismatch(where + ": " + side + " '" + spec.name() + "' expected, found "
                        + side + "s " + found.keySet());
            }
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelFolderMismatch(where + ": " + side + " '" + spec.name() + "' must be a tensor, found "
                        + node.getInfo());
            }
            checkTensor(where + ": " + side + " '" + spec.name() + "'", spec, info);
        }
        if (side.equals("input")) {
            List<String> names = specs.stream().map(TensorSpec::name).toList();
            for (String name : found.keySet()) {
                if (!names.contains(name)) {
                    throw new ModelFolderMismatch(where + ": input '" + name + "' is not in the contract " + names);
                }
            }
        }
    }

    private void checkTensor(String what, TensorSpec spec, TensorInfo info) {
        if (!accepted(spec.kind(), info.type)) {
            throw new ModelFolderMismatch(what + ": dtype expected " + expected(spec.kind()) + ", found "
                    + info.type.name().toLowerCase());
        }
        long[] shape = info.getShape();
        if (shape.length != spec.dims().size()) {
            throw new ModelFolderMismatch(what + ": rank expected " + spec.dims().size() + " " + spec.shapeText()
                    + ", found " + shape.length + " " + Arrays.toString(shape));
        }
        Map<String, Long> sizes = manifest.resolvedSizes();
        for (int i = 0; i < shape.length; i++) {
            String dim = spec.dims().get(i);
            Long want = dim.equals("*") ? null : dim.chars().allMatch(Character::isDigit) ? Long.valueOf(dim) : sizes.get(dim);
            if (want != null && shape[i] >= 0 && shape[i] != want) {
                throw new ModelFolderMismatch(what + ": dimension " + i + " expected " + want
                        + (dim.equals(String.valueOf(want)) ? "" : " (" + dim + ")") + " " + spec.shapeText()
                        + ", found " + shape[i] + " " + Arrays.toString(shape));
            }
        }
    }

    private static boolean accepted(Kind kind, OnnxJavaType type) {
        boolean floating = type == OnnxJavaType.FLOAT || type == OnnxJavaType.FLOAT16;
        boolean integer = type == OnnxJavaType.INT64 || type == OnnxJavaType.INT32;
        return switch (kind) {
            case FLOAT -> floating;
            case INTEGER -> integer;
            case NUMBER -> floating || integer;
        };
    }

    private static String expected(Kind kind) {
        return switch (kind) {
            case FLOAT -> "float or float16";
            case INTEGER -> "int64 or int32";
            case NUMBER -> "float, float16, int64 or int32";
        };
    }

    private static long size(Path file) {
        try {
            long size = Files.size(file);
            Path data = file.resolveSibling(file.getFileName() + ".data");
            return Files.isRegularFile(data) ? size + Files.size(data) : size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sessions.clear();
        opened.close();
    }
}
