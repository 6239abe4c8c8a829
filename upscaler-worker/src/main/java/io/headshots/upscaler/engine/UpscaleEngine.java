package io.headshots.upscaler.engine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;

import io.headshots.platform.worker.RunGate;

import io.headshots.platform.image.ImageHeader;
import io.headshots.platform.image.ImageReading;
import io.headshots.platform.image.ImageRejected;

/**
 * Upscales images with Real-ESRGAN-family ONNX models.
 *
 * <p>One engine per process: it holds one ONNX Runtime session per model, opened on first
 * use and kept until {@link #close()}. {@link #upscale} may be called from many threads at
 * once; each call has its own tile buffers and runs its tiles one after another (on CUDA a
 * few per model call), leaving parallelism inside a tile to ONNX Runtime's intra-op threads.
 *
 * <p>Per call, the engine reads the header (refusing oversized images before decoding),
 * decodes JPEG (including CMYK and progressive), PNG (8/16-bit, gray, palette, alpha) or
 * WebP, turns the image upright by its EXIF orientation, runs the model over overlapping
 * tiles blended with feathered weights, resizes with Lanczos when the requested size is
 * not the model's native scale, and encodes PNG or JPEG.
 *
 * <p>Alpha does not go through the model: it is resized with Lanczos straight from the
 * input to the final size. Real-ESRGAN is trained on photographs and invents texture in
 * flat masks, and a second model pass would double the cost for a channel that is mostly
 * 0 and 1 with soft edges, exactly what Lanczos reproduces well.
 *
 * <p>Memory per call: the decoded input, the model-scale output, one band of tile outputs
 * (a tile's height across the output width, as floats) and, when cropping or resizing,
 * the cropped or resized output; ONNX Runtime's arena for one tile comes on top (see
 * {@link EngineOptions#tileMemoryBudgetBytes()}).
 */
public final class UpscaleEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UpscaleEngine.class.getName());
    /** How long a close waits for upscales in flight to end (the worker's drain is 25 s). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final EngineOptions options;
    private final RunGate gate = new RunGate();
    private final LoadedModels models;
    private final SessionTuning tuning;

    /**
     * Creates an engine. Cheap: no model is opened until an upscale asks for it.
     *
     * @param options process-wide settings
     * @param models  the directory holding {@code NAME.onnx} files
     */
    public UpscaleEngine(EngineOptions options, ModelDirectory models) {
        this.options = Objects.requireNonNull(options, "options");
        this.tuning = new SessionTuning(options);
        this.models = new LoadedModels(Objects.requireNonNull(models, "models"), tuning);
    }

    /**
     * Upscales one encoded image and writes the encoded result to {@code out}. Nothing is
     * written unless the whole upscale succeeds.
     *
     * @param input    the encoded image (JPEG, PNG or WebP)
     * @param spec     model, output size and format, tile size
     * @param out      receives the encoded output; not closed
     * @param listener progress and cancellation; may be null
     * @return the written image's size and type, and the tile count
     * @throws UpscaleFailure       with a stable {@link UpscaleFailure#code()} when the input,
     *                              the model or the request cannot be served
     * @throws UncheckedIOException when writing to {@code out} fails
     */
    public UpscaleOutcome upscale(byte[] input, UpscaleSpec spec, OutputStream out, UpscaleListener listener) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(out, "out");
        UpscaleListener progress = listener == null ? UpscaleListener.NONE : listener;

        ImageHeader header = readHeader(input);
        if (header.pixels() > options.maxInputPixels()) {
            throw new UpscaleFailure(UpscaleFailure.IMAGE_TOO_LARGE, "the image has " + header.width() + "x" + header.height()
                    + " pixels; the limit is " + options.maxInputPixels());
        }
        gate.enter();
        try {
            return upscale(input, header, spec, out, progress);
        } finally {
            gate.leave();
        }
    }

    private UpscaleOutcome upscale(byte[] input, ImageHeader header, UpscaleSpec spec, OutputStream out,
            UpscaleListener progress) {
        UpscaleModel model = models.get(spec.model());
        OutputPlan plan = OutputPlan.of(header.orientedWidth(), header.orientedHeight(), spec, model.scale(), options.overlap());
        if (plan.largestPixels() > options.maxOutputPixels()) {
            throw new UpscaleFailure(UpscaleFailure.IMAGE_TOO_LARGE, "the output would have " + plan.largestPixels()
                    + " pixels; the limit is " + options.maxOutputPixels());
        }

        SourceImage upright = SourceImage.of(decode(input, header), header.orientation());
        SourceImage source = upright.crop(plan.context());
        int tile = spec.tileSize() > 0 ? spec.tileSize() : TileSizer.autoSide(options.tileMemoryBudgetBytes(), model.scale(), model.compact(),
                tuning.device().equals("cuda"));
        TileLayout layout = TileLayout.of(source.width(), source.height(), tile, options.overlap());
        OutputCanvas canvas = new OutputCanvas(source.width() * model.scale(), source.height() * model.scale(),
                source.colorBands(), source.bits());
        new TiledUpscaler(model, options.overlap(), tuning.tilesPerRun(model)).run(source, layout, canvas, progress);

        BufferedImage modelOutput = Resampling.cut(canvas.image(), plan.cropWithinContext(model.scale()));
        BufferedImage result = Resampling.lanczos(modelOutput, plan.width(), plan.height());
        if (upright.hasAlpha()) {
            BufferedImage alpha = Resampling.lanczos(upright.crop(plan.crop()).alphaImage(), plan.width(), plan.height());
            result = Resampling.withAlpha(result, alpha, upright.bits());
        }
        try {
            ImageWriting.write(result, spec.format(), spec.effectiveJpegQuality(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UpscaleOutcome(plan.width(), plan.height(), spec.format().contentType(), layout.count());
    }

    /** "cuda" or "cpu": where model sessions run after any fallback. */
    public String device() {
        return tuning.device();
    }

    /**
     * Closes every open model session once no upscale is in flight (waiting up to 30 s); a run that
     * starts afterwards is handed back ({@code TaskInterrupted}). Sessions still busy after the wait
     * are left to the process's exit rather than freed under a running call.
     */
    @Override
    public void close() {
        if (!gate.closeWhenIdle(CLOSE_WAIT, models::close)) {
            LOG.warning("model sessions left open: an upscale was still running " + CLOSE_WAIT.toSeconds()
                    + " s after the stop began");
        }
    }

    // The input rules are shared with the generator (platform's image package); the codes stay the same.
    private static ImageHeader readHeader(byte[] input) {
        try {
            return ImageReading.header(input);
        } catch (ImageRejected e) {
            throw new UpscaleFailure(e.code(), e.getMessage(), e.getCause());
        }
    }

    private static BufferedImage decode(byte[] input, ImageHeader header) {
        try {
            return ImageReading.decode(input, header);
        } catch (ImageRejected e) {
            throw new UpscaleFailure(e.code(), e.getMessage(), e.getCause());
        }
    }
}
