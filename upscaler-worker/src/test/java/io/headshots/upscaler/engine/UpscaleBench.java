package io.headshots.upscaler.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.headshots.models.ModelStore;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Throughput of the whole engine against a bare ONNX Runtime session, side by side in one
 * JVM so that a busy machine slows both alike. Not a test (nothing asserts a time): run it
 * with {@code bench/upscale-bench.sh}.
 *
 * <p>Per model, one round runs (a) the bare session once on the whole image, untiled, with
 * the input tensor prepared beforehand, and (b) {@link UpscaleEngine#upscale} once per tile
 * size: PNG decode, tiles with overlap, blending, PNG encode. Rounds repeat; the report gives
 * medians, the spread (min..max) and the median of the per-round ratios b/a, where both are
 * output megapixels per second.
 *
 * <p>Options ({@code --name value}): {@code --models realesrgan-x4fast=512,realesrgan-x4plus=256}
 * (model=input side), {@code --tiles 0,128,256} (0 = the engine's automatic size),
 * {@code --repeats 3}, {@code --overlap 16}, {@code --threads 0}, {@code --image FILE} (cut
 * and resized to each side; default a seeded synthetic picture), {@code --device cpu|cuda},
 * {@code --no-bare} (engine only, e.g. for sizes too large to run untiled),
 * {@code --session-variants} (instead: bare sessions with one session option changed each).
 */
public final class UpscaleBench {

    private final Map<String, Integer> models = new LinkedHashMap<>();
    private final List<Integer> tiles = new ArrayList<>();
    private int repeats = 3;
    private int overlap = EngineOptions.DEFAULT_OVERLAP;
    private int threads;
    private String device = "cpu";
    private Path image;
    private boolean bare = true;
    private boolean sessionVariants;

    public static void main(String[] args) throws Exception {
        UpscaleBench bench = new UpscaleBench();
        bench.parse(args);
        bench.run();
        // ONNX Runtime's and pngencoder's pools are not daemon threads everywhere.
        System.exit(0);
    }

    private void parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--no-bare")) {
                bare = false;
            } else if (key.equals("--session-variants")) {
                sessionVariants = true;
            } else if (key.startsWith("--") && i + 1 < args.length) {
                opts.put(key.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + key);
            }
        }
        for (String pair : opts.getOrDefault("models", "realesrgan-x4fast=512,realesrgan-x4plus=256").split(",")) {
            String[] kv = pair.split("=");
            models.put(kv[0].trim(), kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 256);
        }
        for (String t : opts.getOrDefault("tiles", "0").split(",")) {
            tiles.add(Integer.parseInt(t.trim()));
        }
        repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
        overlap = Integer.parseInt(opts.getOrDefault("overlap", String.valueOf(EngineOptions.DEFAULT_OVERLAP)));
        threads = Integer.parseInt(opts.getOrDefault("threads", "0"));
        device = opts.getOrDefault("device", "cpu");
        image = opts.containsKey("image") ? Path.of(opts.get("image")) : null;
    }

    private void run() throws Exception {
        EngineOptions options = EngineOptions.defaults().withDevice(device).withOverlap(overlap).withIntraOpThreads(threads);
        System.out.printf(Locale.ROOT, "# device %s, threads %s, overlap %d, repeats %d, image %s, %d cpus%n",
                device, threads == 0 ? "auto" : threads, overlap, repeats, image == null ? "synthetic" : image,
                Runtime.getRuntime().availableProcessors());
        for (Map.Entry<String, Integer> entry : models.entrySet()) {
            if (sessionVariants) {
                benchSessionVariants(entry.getKey(), entry.getValue(), options);
            } else {
                benchModel(entry.getKey(), entry.getValue(), options);
            }
        }
    }

    private void benchModel(String name, int side, EngineOptions options) throws Exception {
        Path file = ModelStore.defaultStore().ensure(name);
        BufferedImage picture = picture(side);
        byte[] png = TestImages.png(picture);
        ModelDirectory directory = new ModelDirectory(file.getParent()).withFile(name, file);
        // A reduced-precision variant (NAME.fp16) is also compared with its fp32 original.
        String fp32 = name.endsWith(ModelStore.HALF_PRECISION_SUFFIX)
                ? name.substring(0, name.length() - ModelStore.HALF_PRECISION_SUFFIX.length()) : null;
        if (fp32 != null) {
            directory = directory.withFile(fp32, ModelStore.defaultStore().ensure(fp32));
        }
        try (UpscaleEngine engine = new UpscaleEngine(options, directory);
             BareSession session = bare ? BareSession.open(file, new SessionTuning(options), picture) : null) {
            int scale = scaleOf(file);
            double outputMp = (double) side * scale * side * scale / 1e6;
            Map<String, LongSupplier> runs = new LinkedHashMap<>();
            if (session != null) {
                runs.put("bare", session::run);
            }
            for (int tile : tiles) {
                UpscaleSpec spec = UpscaleSpec.byScale(name, scale, OutputFormat.PNG).withTileSize(tile);
                runs.put("engine tile " + (tile == 0 ? "auto" : tile), () -> timeEngine(engine, png, spec));
            }
            System.out.printf(Locale.ROOT, "%n## %s, %dx%d -> %dx%d (%.1f MP out), engine on %s%n", name, side, side,
                    side * scale, side * scale, outputMp, engine.device());
            for (LongSupplier warmup : runs.values()) {
                warmup.getAsLong();
            }
            // Fidelity of each tiling against the engine's own untiled output (one tile of the whole image).
            BufferedImage untiled = output(engine, png, UpscaleSpec.byScale(name, scale, OutputFormat.PNG).withTileSize(side));
            Map<String, Double> psnr = new LinkedHashMap<>();
            for (int tile : tiles) {
                BufferedImage tiled = output(engine, png, UpscaleSpec.byScale(name, scale, OutputFormat.PNG).withTileSize(tile));
                psnr.put("engine tile " + (tile == 0 ? "auto" : tile), TestImages.psnr(untiled, tiled));
            }
            if (fp32 != null) {
                BufferedImage original = output(engine, png, UpscaleSpec.byScale(fp32, scale, OutputFormat.PNG).withTileSize(side));
                System.out.printf(Locale.ROOT, "fidelity: %s vs %s, untiled, 8-bit output: PSNR %.1f dB%n", name, fp32,
                        TestImages.psnr(original, untiled));
            }
            Map<String, long[]> nanos = new LinkedHashMap<>();
            runs.keySet().forEach(k -> nanos.put(k, new long[repeats]));
            for (int r = 0; r < repeats; r++) {
                for (Map.Entry<String, LongSupplier> run : runs.entrySet()) {
                    nanos.get(run.getKey())[r] = run.getValue().getAsLong();
                }
            }
            report(nanos, psnr, outputMp, side, encodeNanos(engine, png, UpscaleSpec.byScale(name, scale, OutputFormat.PNG)));
        }
    }

    /**
     * Bare untiled sessions that differ from the engine's options in one respect each, run
     * round by round: what each session choice of {@link SessionTuning} is worth.
     */
    private void benchSessionVariants(String name, int side, EngineOptions options) throws Exception {
        Path file = ModelStore.defaultStore().ensure(name);
        BufferedImage picture = picture(side);
        int scale = scaleOf(file);
        double outputMp = (double) side * scale * side * scale / 1e6;
        Map<String, java.util.function.Consumer<OrtSession.SessionOptions>> variants = new LinkedHashMap<>();
        variants.put("engine options (ALL, arena, patterns, auto threads)", o -> { });
        variants.put("graph optimisation EXTENDED", o -> set(() -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT)));
        variants.put("graph optimisation BASIC", o -> set(() -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT)));
        variants.put("no CPU arena", o -> set(() -> o.setCPUArenaAllocator(false)));
        variants.put("1 intra-op thread", o -> set(() -> o.setIntraOpNumThreads(1)));
        variants.put("no spinning", o -> set(() -> o.addConfigEntry("session.intra_op.allow_spinning", "0")));
        variants.put("denormals as zero", o -> set(() -> o.addConfigEntry("session.set_denormal_as_zero", "1")));
        Map<String, BareSession> sessions = new LinkedHashMap<>();
        try {
            for (var v : variants.entrySet()) {
                sessions.put(v.getKey(), BareSession.open(file, new SessionTuning(options), picture, v.getValue()));
            }
            System.out.printf(Locale.ROOT, "%n## session variants: %s, %dx%d untiled (%.1f MP out)%n", name, side, side, outputMp);
            Map<String, long[]> nanos = new LinkedHashMap<>();
            sessions.forEach((k, session) -> {
                session.run();
                nanos.put(k, new long[repeats]);
            });
            for (int r = 0; r < repeats; r++) {
                for (var e : sessions.entrySet()) {
                    nanos.get(e.getKey())[r] = e.getValue().run();
                }
            }
            long[] base = nanos.values().iterator().next();
            System.out.println("| session | median s | min..max s | time / engine options (median of rounds) |");
            System.out.println("|---|---|---|---|");
            for (var e : nanos.entrySet()) {
                long[] t = e.getValue();
                double[] rel = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    rel[i] = (double) t[i] / base[i];
                }
                Arrays.sort(rel);
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f..%.2f | %.2f |%n", e.getKey(), median(t) / 1e9,
                        Arrays.stream(t).min().orElse(0) / 1e9, Arrays.stream(t).max().orElse(0) / 1e9, median(rel));
            }
        } finally {
            for (BareSession session : sessions.values()) {
                session.close();
            }
        }
    }

    private interface OrtAction {
        void run() throws OrtException;
    }

    private static void set(OrtAction action) {
        try {
            action.run();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int scaleOf(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options)) {
            return Integer.parseInt(session.getMetadata().getCustomMetadataValue(UpscaleModel.SCALE_KEY).orElse("4"));
        }
    }

    // The engine's output decoded and encoded again the engine's way: what PNG encoding costs.
    private static long encodeNanos(UpscaleEngine engine, byte[] png, UpscaleSpec spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
        engine.upscale(png, spec, out, null);
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(out.toByteArray()));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            ByteArrayOutputStream again = new ByteArrayOutputStream(1 << 24);
            long start = System.nanoTime();
            ImageWriting.write(decoded, OutputFormat.PNG, 0, again);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static long timeEngine(UpscaleEngine engine, byte[] png, UpscaleSpec spec) {
        OutputStream sink = new ByteArrayOutputStream(1 << 24);
        long start = System.nanoTime();
        engine.upscale(png, spec, sink, null);
        return System.nanoTime() - start;
    }

    private static BufferedImage output(UpscaleEngine engine, byte[] png, UpscaleSpec spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
        engine.upscale(png, spec, out, null);
        return ImageIO.read(new java.io.ByteArrayInputStream(out.toByteArray()));
    }

    private void report(Map<String, long[]> nanos, Map<String, Double> psnr, double outputMp, int side, long encodeNanos) {
        long[] bareNanos = nanos.get("bare");
        System.out.println("| run | median s | min..max s | output MP/s (median) | b/a median (min..max) | b/a of the minima | PSNR vs untiled |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, long[]> e : nanos.entrySet()) {
            long[] t = e.getValue();
            String ratio = "";
            String ratioOfMinima = "";
            if (bareNanos != null && t != bareNanos) {
                ratioOfMinima = String.format(Locale.ROOT, "%.2f", (double) Arrays.stream(bareNanos).min().orElse(0)
                        / Arrays.stream(t).min().orElse(1));
                double[] ratios = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    ratios[i] = (double) bareNanos[i] / t[i];
                }
                Arrays.sort(ratios);
                ratio = String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median(ratios), ratios[0], ratios[ratios.length - 1]);
            }
            double med = median(t) / 1e9;
            Double db = psnr.get(e.getKey());
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f..%.2f | %.3f | %s | %s | %s |%n", e.getKey(), med,
                    Arrays.stream(t).min().orElse(0) / 1e9, Arrays.stream(t).max().orElse(0) / 1e9, outputMp / med, ratio,
                    ratioOfMinima,
                    db == null ? "" : db.isInfinite() ? "identical" : String.format(Locale.ROOT, "%.1f dB", db));
        }
        System.out.printf(Locale.ROOT, "PNG encode of the output alone (best of 3): %.2f s; input %dx%d%n", encodeNanos / 1e9, side, side);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private BufferedImage picture(int side) throws IOException {
        if (image == null) {
            return TestImages.rgb(side, side, 7);
        }
        BufferedImage photo = ImageIO.read(image.toFile());
        int square = Math.min(photo.getWidth(), photo.getHeight());
        BufferedImage cut = Resampling.cut(toRgb(photo), new java.awt.Rectangle((photo.getWidth() - square) / 2,
                (photo.getHeight() - square) / 2, square, square));
        return Resampling.lanczos(cut, side, side);
    }

    private static BufferedImage toRgb(BufferedImage photo) {
        BufferedImage rgb = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(photo, 0, 0, null);
        return rgb;
    }

    /** One session on the whole image, its input tensor made once: only {@code run} is timed. */
    private static final class BareSession implements AutoCloseable {
        private final OrtSession.SessionOptions options;
        private final OrtSession session;
        private final OnnxTensor input;

        private BareSession(OrtSession.SessionOptions options, OrtSession session, OnnxTensor input) {
            this.options = options;
            this.session = session;
            this.input = input;
        }

        static BareSession open(Path file, SessionTuning tuning, BufferedImage picture) throws OrtException {
            return open(file, tuning, picture, o -> { });
        }

        static BareSession open(Path file, SessionTuning tuning, BufferedImage picture,
                                java.util.function.Consumer<OrtSession.SessionOptions> variant) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = tuning.newOptions();
            variant.accept(options);
            OrtSession session = env.createSession(file.toString(), options);
            int w = picture.getWidth();
            int h = picture.getHeight();
            float[] planar = new float[3 * w * h];
            SourceImage.of(picture, 1).readRgb(0, 0, w, h, planar);
            FloatBuffer buffer = ByteBuffer.allocateDirect(planar.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buffer.put(planar).rewind();
            OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[]{1, 3, h, w});
            return new BareSession(options, session, input);
        }

        long run() {
            long start = System.nanoTime();
            try (OrtSession.Result ignored = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                return System.nanoTime() - start;
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws OrtException {
            input.close();
            session.close();
            options.close();
        }
    }
}
