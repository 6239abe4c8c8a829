package io.headshots.models.cache;

import io.headshots.models.source.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Keeps {@code NAME.onnx} files, each with a sidecar {@code NAME.onnx.sha256} that records the
 * model's SHA-256 and the source it was made from.
 *
 * <p>A model is written to a temporary file in the same directory and moved into place atomically,
 * under a per-model file lock, so readers (other JVMs, the upscaler) see the old file, the new
 * file, or none, but never half of one. The sidecar is written last: a crash in between leaves a
 * model without a matching record, and the next call rebuilds it.
 */
public final class ConvertedModelCache {

    /** Writes a complete model to the given (temporary) file. */
    @FunctionalInterface
    public interface ModelWriter {
        void writeTo(Path file) throws IOException;
    }

    private final Path dir;

    public ConvertedModelCache(Path dir) {
        this.dir = dir;
    }

    public Path pathOf(String name) {
        return dir.resolve(name + ".onnx");
    }

    /** True when {@code name} is cached, made from {@code sourceKey}, and its bytes match the record. */
    public boolean isCurrent(String name, String sourceKey) throws IOException {
        Path model = pathOf(name);
        Path record = recordOf(name);
        if (!Files.exists(model) || !Files.exists(record)) {
            return false;
        }
        List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        return lines.size() >= 2
                && lines.get(0).split("\\s+")[0].equals(Sha256.of(model))
                && lines.get(1).equals("source " + sourceKey);
    }

    /** Returns the cached model, making it with {@code writer} first unless it is current. */
    public Path getOrCreate(String name, String sourceKey, ModelWriter writer) throws IOException {
        Files.createDirectories(dir);
        Path model = pathOf(name);
        try (ExclusiveFileLock lock = ExclusiveFileLock.acquire(dir.resolve(name + ".onnx.lock"))) {
            if (isCurrent(name, sourceKey)) {
                return model;
            }
            Path temp = Files.createTempFile(dir, "." + name + "-", ".onnx.tmp");
            try {
                writer.writeTo(temp);
                makeReadableByAll(temp);
                String sha = Sha256.of(temp);
                Files.move(temp, model, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writeAtomically(recordOf(name),
                        sha + "  " + model.getFileName() + "\nsource " + sourceKey + "\n");
            } finally {
                Files.deleteIfExists(temp);
            }
            return model;
        }
    }

    /** Temporary files start owner-only; the services that load models may run as other users. */
    private static void makeReadableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private Path recordOf(String name) {
        return dir.resolve(name + ".onnx.sha256");
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            makeReadableByAll(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
