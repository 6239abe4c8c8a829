package io.headshots.upscaler.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where converted models live: a model named {@code NAME} is the file {@code dir/NAME.onnx}.
 * The {@code models} module fills this directory; the engine only reads it.
 */
public final class ModelDirectory {

    /** Environment variable that overrides {@link #defaultLocation()}. */
    public static final String ENV = "HEADSHOT_MODELS_DIR";
    // Names come from job messages: keep them to one plain path segment.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Path dir;

    public ModelDirectory(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    /** {@code $HEADSHOT_MODELS_DIR}, else {@code ~/.cache/headshot-pipeline/models}. */
    public static Path defaultLocation() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "headshot-pipeline", "models");
    }

    public Path dir() {
        return dir;
    }

    /**
     * The file of an existing model.
     *
     * @throws UpscaleFailure {@code unknown_model} if the name is malformed or no such file exists
     */
    public Path resolve(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UpscaleFailure(UpscaleFailure.UNKNOWN_MODEL, "model names are lower-case letters, digits, '.', '_' and '-'");
        }
        Path file = dir.resolve(name + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new UpscaleFailure(UpscaleFailure.UNKNOWN_MODEL, "no model '" + name + "' in " + dir);
        }
        return file;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
