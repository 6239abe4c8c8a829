package io.headshots.upscaler.cli;

import io.headshots.upscaler.engine.EngineOptions;
import io.headshots.upscaler.engine.ModelDirectory;
import io.headshots.upscaler.engine.OutputFormat;
import io.headshots.upscaler.engine.UpscaleEngine;
import io.headshots.upscaler.engine.UpscaleFailure;
import io.headshots.upscaler.engine.UpscaleSpec;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code upscale IN OUT}: upscales an image, or every image in a directory, on this
 * machine with the same engine the worker runs.
 *
 * <p>Exit codes: 0 all done; 1 at least one image failed (one line per failure on stderr,
 * naming the file and the engine's reason code); 2 bad command line.
 */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upscale JPEG, PNG or WebP images with a Real-ESRGAN ONNX model.")
public final class UpscaleCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "IN", description = "An image file, or a directory of images.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file, or a directory (created if needed) when IN is one.")
    Path output;

    @Option(names = "--model", paramLabel = "M", defaultValue = "realesrgan-x4plus",
            description = "Model name in the models directory (default: ${DEFAULT-VALUE}), or the path of an .onnx file.")
    String model;

    @ArgGroup(exclusive = true)
    OutputSize size = new OutputSize();

    static final class OutputSize {
        @Option(names = "--scale", paramLabel = "S", description = "2, 3 or 4 (default 4).")
        Integer scale;

        @Option(names = "--size", paramLabel = "WxH", converter = ImageSize.Converter.class,
                description = "Exact output size; the image is cropped about its centre to that shape.")
        ImageSize box;
    }

    @Option(names = "--tile", paramLabel = "N", defaultValue = "0",
            description = "Tile side in input pixels; 0 sizes tiles from memory (default).")
    int tile;

    @Option(names = "--device", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "Where the model runs; cuda falls back to cpu when unavailable (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--format", paramLabel = "png|jpeg",
            description = "Output format; default from OUT's extension, else png.")
    String format;

    @Option(names = "--quality", paramLabel = "Q", defaultValue = "0",
            description = "JPEG quality 1..100 (default " + UpscaleSpec.DEFAULT_JPEG_QUALITY + ").")
    int quality;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Where NAME.onnx files are (default: $" + ModelDirectory.ENV + ", else ~/.cache/headshot-pipeline/models).")
    Path modelsDir;

    @Spec
    CommandLine.Model.CommandSpec spec;

    // Held so the level sticks: java.util.logging keeps loggers only weakly.
    private static final Logger ENGINE_LOG = Logger.getLogger("io.headshots.upscaler.engine");

    public static void main(String[] args) {
        // A command line stays quiet; warnings (such as the CUDA fallback) still show.
        ENGINE_LOG.setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new UpscaleCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("upscale: " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("upscale: " + oneLine(e));
            return FAILED;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        UpscaleSpec request = request();
        List<UpscaleJobs.Job> jobs = UpscaleJobs.plan(input, output, request.format());
        if (Files.isDirectory(input)) {
            Files.createDirectories(output);
        }
        EngineOptions options = EngineOptions.defaults().withDevice(device);
        ModelDirectory models = new ModelDirectory(modelsDir != null ? modelsDir : ModelDirectory.defaultLocation());
        if (isModelFile(model)) {
            Path file = modelFile();
            models = models.withFile(ModelDirectory.nameFor(file), file);
        }
        int failures = 0;
        try (UpscaleEngine engine = new UpscaleEngine(options, models)) {
            for (UpscaleJobs.Job job : jobs) {
                try {
                    upscaleOne(engine, job, request);
                } catch (UpscaleFailure f) {
                    failures++;
                    err.println("upscale: " + job.input() + ": " + f.code() + ": " + f.getMessage());
                } catch (IOException | UncheckedIOException e) {
                    failures++;
                    err.println("upscale: " + job.input() + ": " + oneLine(e));
                }
                err.flush();
            }
        }
        return failures == 0 ? 0 : FAILED;
    }

    private static boolean isModelFile(String model) {
        String lower = model.toLowerCase(Locale.ROOT);
        return model.contains("/") || model.contains(java.io.File.separator)
                || lower.endsWith(".onnx") || lower.endsWith(".param") || lower.endsWith(".bin");
    }

    // The engine reads ONNX only and must not carry the ncnn converter (it lives in the models
    // module with its protobuf dependency): an ncnn pair is converted once by ./dev models.
    private Path modelFile() {
        Path file = Path.of(model);
        String lower = model.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".param") || lower.endsWith(".bin")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model
                    + " is an ncnn model: convert it first with `./dev models " + model
                    + "` (prints the .onnx path to use), or run `./dev upscale`, which does that itself");
        }
        if (!lower.endsWith(".onnx")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + " is neither a model name nor an .onnx file");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        }
        return file;
    }

    private UpscaleSpec request() {
        OutputFormat chosen = outputFormat();
        String name = isModelFile(model) ? ModelDirectory.nameFor(Path.of(model)) : model;
        try {
            UpscaleSpec base = size.box != null
                    ? UpscaleSpec.toBox(name, size.box.width(), size.box.height(), chosen)
                    : UpscaleSpec.byScale(name, size.scale != null ? size.scale : 4, chosen);
            return base.withTileSize(tile).withJpegQuality(quality);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private OutputFormat outputFormat() {
        if (format == null) {
            OutputFormat byExtension = Files.isDirectory(input) ? null : UpscaleJobs.formatOf(output);
            return byExtension != null ? byExtension : OutputFormat.PNG;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "png" -> OutputFormat.PNG;
            case "jpeg", "jpg" -> OutputFormat.JPEG;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format must be png or jpeg, got " + format);
        };
    }

    // Written beside the target and moved into place: a failed or interrupted run never
    // leaves a half-written image under the output name.
    private static void upscaleOne(UpscaleEngine engine, UpscaleJobs.Job job, UpscaleSpec request) throws IOException {
        byte[] bytes = Files.readAllBytes(job.input());
        Path target = job.output().toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp);
                 TerminalProgress progress = TerminalProgress.forTask(job.input().getFileName().toString())) {
                engine.upscale(bytes, request, out, progress);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
