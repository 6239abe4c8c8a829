package io.headshots.upscaler.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where converted models live: a model named {@code NAME} is the file {@code dir/NAME.onnx}.
 * The {@code models} module fills this directory; the engine only reads it. A local caller
 * (the command line) may also name single files ({@link #withFile}); names from job
 * messages only ever reach files inside the directory.
 */
public final class ModelDirectory {

    /** Environment variable that overrides {@link #defaultLocation()}. */
    public static final String ENV = "HEADSHOT_MODELS_DIR";
    /** Marks a model's fp16 variant: {@code NAME.fp16.onnx}, used instead of {@code NAME.onnx} on CUDA. */
    public static final String HALF_PRECISION_SUFFIX = ".fp16";
    // Names come from job messages: keep them to one plain path segment.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Path dir;
    private final Map<String, Path> files;

    public ModelDirectory(Path dir) {
        this(dir, Map.of());
    }

    private ModelDirectory(Path dir, Map<String, Path> files) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.files = Map.copyOf(files);
    }

    /**
     * This directory plus one model file anywhere on disk, known by {@code name} (which
     * hides a model of that name in the directory).
     *
     * @throws UpscaleFailure {@code unknown_model} if the name is malformed
     */
    public ModelDirectory withFile(String name, Path file) {
        checkName(name);
        Map<String, Path> more = new HashMap<>(files);
        more.put(name, Objects.requireNonNull(file, "file").toAbsolutePath().normalize());
        return new ModelDirectory(dir, more);
    }

    /**
     * A model name for a file: its base name without {@code .onnx}, lower-cased, with any
     * character a name may not hold replaced by {@code -}.
     */
    public static String nameFor(Path file) {
        String base = file.getFileName().toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            base = base.substring(0, base.length() - ".onnx".length());
        }
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        name = name.isEmpty() ? "model" : name;
        return name.length() > 100 ? name.substring(0, 100) : name;
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
        checkName(name);
        Path single = files.get(name);
        Path file = single != null ? single : dir.resolve(name + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new UpscaleFailure(UpscaleFailure.UNKNOWN_MODEL,
                    single != null ? "no model file " + file : "no model '" + name + "' in " + dir);
        }
        return file;
    }

    /**
     * The fp16 variant of a directory model, {@code dir/NAME.fp16.onnx}, if it is there
     * (made by {@code ./dev models NAME.fp16}); never for a file named by {@link #withFile}.
     */
    Optional<Path> halfPrecision(String name) {
        checkName(name);
        if (files.containsKey(name)) {
            return Optional.empty();
        }
        Path file = dir.resolve(name + HALF_PRECISION_SUFFIX + ".onnx");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UpscaleFailure(UpscaleFailure.UNKNOWN_MODEL, "model names are lower-case letters, digits, '.', '_' and '-'");
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
