package io.headshots.generator.engine.diffusion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import io.headshots.contracts.Messages;
import io.headshots.models.onnx.OnnxGraphBuilder;

/**
 * A complete diffusion model folder of tiny random-weight graphs with the exact tensor contract of
 * every component (sizes below), written by the tests because real weights are not obtainable here.
 * The detector finds one fixed face wherever the photo has a bright pixel (score = the brightest
 * normalised value), none in a black photo. The VAE decoder is nearest 8x upsampling then a 1x1
 * convolution, so a tiled decode equals the whole one. Variants for the export differences the
 * engine handles: int32 {@code input_ids} ({@link #textEncoder}), the optional UNet input
 * {@code ip_scale} ({@link IpScale}), a VAE decoder that shows the extent of what it decodes
 * ({@link #extentRevealingVaeDecoder}).
 */
public final class TinyDiffusionModels {
    static final int DETECTOR = 64;
    static final int EMBEDDING = 8;
    static final int TOKENS = 4;
    static final int HIDDEN = 8;
    static final int HIDDEN2 = 8;
    static final int CROSS = HIDDEN + HIDDEN2;
    static final int POOLED = 8;
    static final int RESIDUALS = 2;
    static final int MAX_LENGTH = 8;
    static final int VOCAB = 64;
    static final float[] BOX = {16, 16, 48, 48};
    static final float[] KEYPOINTS = {24, 28, 40, 28, 32, 36, 26, 44, 38, 44};

    private TinyDiffusionModels() {
    }

    /** Writes the whole folder (manifest, tokenizer, eight graphs) into {@code dir}. */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("tokenizer"));
            Files.writeString(dir.resolve("tokenizer/vocab.json"), new String(Messages.toJson(vocab()), StandardCharsets.UTF_8));
            Files.writeString(dir.resolve("tokenizer/merges.txt"), String.join("\n", merges()) + "\n");
            Files.write(dir.resolve("manifest.json"), Messages.toJson(manifest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        save(dir.resolve("face_detector.onnx"), detector(DETECTOR));
        save(dir.resolve("face_embedder.onnx"), embedder(112, DataType.FLOAT));
        save(dir.resolve("text_encoder.onnx"), textEncoder(false, DataType.INT64));
        save(dir.resolve("text_encoder_2.onnx"), textEncoder(true, DataType.INT64));
        save(dir.resolve("image_proj.onnx"), imageProjection());
        save(dir.resolve("controlnet.onnx"), controlnet());
        save(dir.resolve("unet.onnx"), unet("sample", DataType.FLOAT));
        save(dir.resolve("vae_decoder.onnx"), vaeDecoder(DataType.FLOAT));
        return dir;
    }

    static Map<String, Object> manifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("faceDetector", "face_detector.onnx");
        c.put("faceEmbedder", "face_embedder.onnx");
        c.put("textEncoder", "text_encoder.onnx");
        c.put("textEncoder2", "text_encoder_2.onnx");
        c.put("imageProjection", "image_proj.onnx");
        c.put("controlnet", "controlnet.onnx");
        c.put("unet", "unet.onnx");
        c.put("vaeDecoder", "vae_decoder.onnx");
        m.put("components", c);
        m.put("tokenizer", Map.of("vocab", "tokenizer/vocab.json", "merges", "tokenizer/merges.txt",
                "maxLength", MAX_LENGTH, "padToken", "<|endoftext|>", "padToken2", "!"));
        m.put("scheduler", Map.of("numTrainTimesteps", 1000, "betaStart", 0.00085, "betaEnd", 0.012,
                "betaSchedule", "scaled_linear", "predictionType", "epsilon", "timestepSpacing", "leading",
                "stepsOffset", 1));
        m.put("latent", Map.of("channels", 4, "factor", 8, "scalingFactor", 0.5));
        m.put("sizes", Map.of("detectorInput", DETECTOR, "faceEmbedding", EMBEDDING, "identityTokens", TOKENS,
                "textHidden", HIDDEN, "textHidden2", HIDDEN2, "pooledText", POOLED, "controlResiduals", RESIDUALS));
        return m;
    }

    /** a..z, a</w>..z</w>, "!", the two specials, and the merges of "hello". */
    static Map<String, Integer> vocab() {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (char ch = 'a'; ch <= 'z'; ch++) {
            v.put(String.valueOf(ch), v.size());
        }
        for (char ch = 'a'; ch <= 'z'; ch++) {
            v.put(ch + "</w>", v.size());
        }
        v.put("!", v.size());
        v.put("<|startoftext|>", v.size());
        v.put("<|endoftext|>", v.size());
        for (String s : List.of("he", "ll", "hell", "hello</w>", "!</w>")) {
            v.put(s, v.size());
        }
        return v;
    }

    static List<String> merges() {
        return List.of("#version: 0.2", "h e", "l l", "he ll", "hell o</w>");
    }

    static void save(Path file, ModelProto model) {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelProto model(OnnxGraphBuilder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("headshot-pipeline tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(g.build()).build();
    }

    // ---- components ----

    static ModelProto detector(int side) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("face_detector");
        g.addInput("image", 1, 3, side, side);
        g.addNode("ReduceMax", "score", List.of("image"), "scores")
                .addAttribute(OnnxGraphBuilder.intsAttribute("axes", 1, 2, 3))
                .addAttribute(OnnxGraphBuilder.intAttribute("keepdims", 0));
        g.addFloatInitializer("box", BOX, 1, 4);
        g.addFloatInitializer("kps", KEYPOINTS, 1, 5, 2);
        g.addNode("Identity", "boxes", List.of("box"), "boxes");
        g.addNode("Identity", "keypoints", List.of("kps"), "keypoints");
        g.addOutput("scores", "faces");
        g.addOutput("boxes", "faces", 4);
        g.addOutput("keypoints", "faces", 5, 2);
        return model(g);
    }

    static ModelProto embedder(int side, DataType inputType) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("face_embedder");
        g.addTypedInput("image", inputType, 1, 3, side, side);
        String in = "image";
        if (inputType != DataType.FLOAT) {
            g.addNode("Cast", "cast", List.of("image"), "image32")
                    .addAttribute(OnnxGraphBuilder.intAttribute("to", DataType.FLOAT.getNumber()));
            in = "image32";
        }
        g.addNode("AveragePool", "pool", List.of(in), "pooled")
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", side / 8, side / 8))
                .addAttribute(OnnxGraphBuilder.intsAttribute("strides", side / 8, side / 8));
        g.addNode("Flatten", "flat", List.of("pooled"), "flat").addAttribute(OnnxGraphBuilder.intAttribute("axis", 1));
        g.addFloatInitializer("w", random(1, 192 * EMBEDDING), 192, EMBEDDING);
        g.addNode("MatMul", "fc", List.of("flat", "w"), "embedding");
        g.addOutput("embedding", 1, EMBEDDING);
        return model(g);
    }

    /** {@code idsType}: INT64 (the usual export), INT32 (an export that narrowed the ids) or FLOAT (refused). */
    static ModelProto textEncoder(boolean second, DataType idsType) {
        OnnxGraphBuilder g = new OnnxGraphBuilder(second ? "text_encoder_2" : "text_encoder");
        int hidden = second ? HIDDEN2 : HIDDEN;
        g.addTypedInput("input_ids", idsType, "batch", MAX_LENGTH);
        g.addFloatInitializer("table", random(second ? 3 : 2, VOCAB * hidden), VOCAB, hidden);
        String ids = "input_ids";
        if (idsType == DataType.FLOAT) {
            g.addNode("Cast", "cast", List.of("input_ids"), "ids64")
                    .addAttribute(OnnxGraphBuilder.intAttribute("to", DataType.INT64.getNumber()));
            ids = "ids64";
        }
        g.addNode("Gather", "embed", List.of("table", ids), "embedded");
        g.addNode("Tanh", "act", List.of("embedded"), "hidden_states");
        g.addOutput("hidden_states", "batch", MAX_LENGTH, hidden);
        if (second) {
            g.addNode("ReduceMean", "pool", List.of("hidden_states"), "text_embeds")
                    .addAttribute(OnnxGraphBuilder.intsAttribute("axes", 1))
                    .addAttribute(OnnxGraphBuilder.intAttribute("keepdims", 0));
            g.addOutput("text_embeds", "batch", POOLED);
        }
        return model(g);
    }

    static ModelProto imageProjection() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("image_proj");
        g.addInput("face_embedding", "batch", 1, EMBEDDING);
        g.addFloatInitializer("w", random(4, EMBEDDING * TOKENS * CROSS), EMBEDDING, TOKENS * CROSS);
        g.addNode("MatMul", "proj", List.of("face_embedding", "w"), "projected");
        g.addInt64Initializer("shape", new long[]{-1, TOKENS, CROSS});
        g.addNode("Reshape", "tokens", List.of("projected", "shape"), "identity_tokens");
        g.addOutput("identity_tokens", "batch", TOKENS, CROSS);
        return model(g);
    }

    static ModelProto controlnet() {
        return controlnet("batch");
    }

    /** {@code batch}: "batch" (symbolic) or 1 (an export that fixed it; the engine then runs rows one at a time). */
    static ModelProto controlnet(Object batch) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("controlnet");
        g.addInput("sample", batch, 4, "h", "w");
        g.addInput("timestep", batch);
        g.addInput("encoder_hidden_states", batch, TOKENS, CROSS);
        g.addInput("controlnet_cond", batch, 3, "H", "W");
        g.addInput("text_embeds", batch, POOLED);
        g.addInput("time_ids", batch, 6);
        g.addInt64Initializer("perBatch", new long[]{-1, 1, 1, 1});
        g.addNode("AveragePool", "down", List.of("controlnet_cond"), "cond_small")
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", 8, 8))
                .addAttribute(OnnxGraphBuilder.intsAttribute("strides", 8, 8));
        conv(g, "cc", "cond_small", 3, 4, 5);
        conv(g, "sc", "sample", 4, 4, 6);
        String e = perBatch(g, "ehs", "encoder_hidden_states", 1f, 1, 2);
        String te = perBatch(g, "te", "text_embeds", 1f, 1);
        String ti = perBatch(g, "ti", "time_ids", 0.001f, 1);
        String ts = perBatch(g, "ts", "timestep", 0.001f);
        add(g, "a0", "cc", "sc");
        add(g, "a1", "a0", e);
        add(g, "a2", "a1", ts);
        g.addNode("Identity", "d0", List.of("a2"), ComponentContracts.downBlock(0));
        conv(g, "c1", ComponentContracts.downBlock(0), 4, 4, 7);
        add(g, "a3", "c1", te);
        g.addNode("Identity", "d1", List.of("a3"), ComponentContracts.downBlock(1));
        conv(g, "c2", ComponentContracts.downBlock(1), 4, 4, 8);
        add(g, "a4", "c2", ti);
        g.addNode("Identity", "mid", List.of("a4"), ComponentContracts.MID_BLOCK);
        for (int i = 0; i < RESIDUALS; i++) {
            g.addOutput(ComponentContracts.downBlock(i), batch, 4, "h", "w");
        }
        g.addOutput(ComponentContracts.MID_BLOCK, batch, 4, "h", "w");
        return model(g);
    }

    /** {@code sampleName} lets a test misname the first input. */
    static ModelProto unet(String sampleName, DataType sampleType) {
        return unet(sampleName, sampleType, "batch");
    }

    static ModelProto unet(String sampleName, DataType sampleType, Object batch) {
        return unet(sampleName, sampleType, batch, IpScale.NONE);
    }

    /** What a UNet export does with the optional {@code ip_scale} input. */
    enum IpScale {
        /** no such input (the engine then multiplies the identity tokens by the identity strength) */
        NONE,
        /**
         * the input multiplies the identity tokens (the last {@link #TOKENS} of
         * {@code encoder_hidden_states}), so the graph equals the plain one when the engine feeds the
         * identity strength there and the tokens unscaled
         */
        SCALES_IDENTITY_TOKENS,
        /** the input is declared (and consumed, times 0) but changes nothing: shows what the tokens alone do */
        IGNORED
    }

    static ModelProto unet(IpScale ipScale) {
        return unet("sample", DataType.FLOAT, "batch", ipScale);
    }

    static ModelProto unet(String sampleName, DataType sampleType, Object batch, IpScale ipScale) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("unet");
        g.addTypedInput(sampleName, sampleType, batch, 4, "h", "w");
        g.addInput("timestep", batch);
        g.addInput("encoder_hidden_states", batch, "sequence", CROSS);
        g.addInput("text_embeds", batch, POOLED);
        g.addInput("time_ids", batch, 6);
        for (int i = 0; i < RESIDUALS; i++) {
            g.addInput(ComponentContracts.downBlock(i), batch, 4, "h", "w");
        }
        g.addInput(ComponentContracts.MID_BLOCK, batch, 4, "h", "w");
        g.addInt64Initializer("perBatch", new long[]{-1, 1, 1, 1});
        String hidden = "encoder_hidden_states";
        if (ipScale != IpScale.NONE) {
            g.addInput(ComponentContracts.IP_SCALE, 1);
        }
        if (ipScale == IpScale.SCALES_IDENTITY_TOKENS) {
            g.addInt64Initializer("seqAxis", new long[]{1});
            g.addInt64Initializer("zero", new long[]{0});
            g.addInt64Initializer("idStart", new long[]{-TOKENS});
            g.addInt64Initializer("end", new long[]{Long.MAX_VALUE});
            g.addNode("Slice", "textPart", List.of(hidden, "zero", "idStart", "seqAxis"), "text_tokens");
            g.addNode("Slice", "idPart", List.of(hidden, "idStart", "end", "seqAxis"), "identity_tokens");
            g.addNode("Mul", "ipScaled", List.of("identity_tokens", ComponentContracts.IP_SCALE), "identity_scaled");
            g.addNode("Concat", "rejoin", List.of("text_tokens", "identity_scaled"), "hidden_ip")
                    .addAttribute(OnnxGraphBuilder.intAttribute("axis", 1));
            hidden = "hidden_ip";
        } else if (ipScale == IpScale.IGNORED) {
            g.addFloatInitializer("nothing", new float[]{0}, 1);
            g.addNode("Mul", "ipTimesZero", List.of(ComponentContracts.IP_SCALE, "nothing"), "ip_zero");
            g.addNode("Add", "ipUnused", List.of(hidden, "ip_zero"), "hidden_ip");
            hidden = "hidden_ip";
        }
        String sample = sampleName;
        if (sampleType != DataType.FLOAT) {
            g.addNode("Cast", "cast", List.of(sampleName), "sample32")
                    .addAttribute(OnnxGraphBuilder.intAttribute("to", DataType.FLOAT.getNumber()));
            sample = "sample32";
        }
        conv(g, "sc", sample, 4, 4, 9);
        String e = perBatch(g, "ehs", hidden, 3f, 1, 2);
        String te = perBatch(g, "te", "text_embeds", 1f, 1);
        String ti = perBatch(g, "ti", "time_ids", 0.0001f, 1);
        String ts = perBatch(g, "ts", "timestep", 0.001f);
        List<String> terms = new ArrayList<>(List.of("sc", e, te, ti, ts, ComponentContracts.MID_BLOCK));
        for (int i = 0; i < RESIDUALS; i++) {
            terms.add(ComponentContracts.downBlock(i));
        }
        String acc = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            add(g, "s" + i, acc, terms.get(i));
            acc = "s" + i;
        }
        g.addNode("Tanh", "out", List.of(acc), "out_sample");
        g.addOutput("out_sample", batch, 4, "h", "w");
        return model(g);
    }

    static ModelProto vaeDecoder(DataType latentType) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vae_decoder");
        g.addTypedInput("latent_sample", latentType, "batch", 4, "h", "w");
        String in = "latent_sample";
        if (latentType != DataType.FLOAT) {
            g.addNode("Cast", "cast", List.of(in), "latent32")
                    .addAttribute(OnnxGraphBuilder.intAttribute("to", DataType.FLOAT.getNumber()));
            in = "latent32";
        }
        g.addFloatInitializer("scales", new float[]{1, 1, 8, 8}, 4);
        g.addNode("Resize", "up", List.of(in, "", "scales"), "up")
                .addAttribute(OnnxGraphBuilder.stringAttribute("mode", "nearest"));
        conv(g, "rgb", "up", 4, 3, 10);
        g.addNode("Tanh", "act", List.of("rgb"), "sample");
        g.addOutput("sample", "batch", 3, "H", "W");
        return model(g);
    }

    /**
     * The pointwise decoder plus 0.02 times the latent width it is given: a tile decodes differently
     * from the whole latent, so a test can see whether the engine decoded in tiles.
     */
    static ModelProto extentRevealingVaeDecoder() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vae_decoder");
        g.addInput("latent_sample", "batch", 4, "h", "w");
        g.addFloatInitializer("scales", new float[]{1, 1, 8, 8}, 4);
        g.addNode("Resize", "up", List.of("latent_sample", "", "scales"), "up")
                .addAttribute(OnnxGraphBuilder.stringAttribute("mode", "nearest"));
        conv(g, "rgb", "up", 4, 3, 10);
        g.addNode("Shape", "shape", List.of("latent_sample"), "shape");
        g.addInt64Initializer("wAxis", new long[]{3});
        g.addNode("Gather", "width", List.of("shape", "wAxis"), "width");
        g.addNode("Cast", "widthF", List.of("width"), "width_f")
                .addAttribute(OnnxGraphBuilder.intAttribute("to", DataType.FLOAT.getNumber()));
        g.addFloatInitializer("k", new float[]{0.02f}, 1);
        g.addNode("Mul", "shift", List.of("width_f", "k"), "shift");
        g.addNode("Add", "shifted", List.of("rgb", "shift"), "shifted");
        g.addNode("Tanh", "act", List.of("shifted"), "sample");
        g.addOutput("sample", "batch", 3, "H", "W");
        return model(g);
    }

    // ---- graph pieces ----

    private static void conv(OnnxGraphBuilder g, String out, String in, int cin, int cout, long seed) {
        g.addFloatInitializer(out + ".w", random(seed, cout * cin), cout, cin, 1, 1);
        g.addFloatInitializer(out + ".b", random(seed + 100, cout), cout);
        g.addNode("Conv", out, List.of(in, out + ".w", out + ".b"), out)
                .addAttribute(OnnxGraphBuilder.intsAttribute("kernel_shape", 1, 1));
    }

    private static void add(OnnxGraphBuilder g, String out, String a, String b) {
        g.addNode("Add", out, List.of(a, b), out);
    }

    /** The mean of {@code in} over {@code axes}, times {@code scale}, as [batch,1,1,1]. */
    private static String perBatch(OnnxGraphBuilder g, String out, String in, float scale, long... axes) {
        String reduced = in;
        if (axes.length > 0) {
            g.addNode("ReduceMean", out + ".mean", List.of(in), out + ".mean")
                    .addAttribute(OnnxGraphBuilder.intsAttribute("axes", axes))
                    .addAttribute(OnnxGraphBuilder.intAttribute("keepdims", 0));
            reduced = out + ".mean";
        }
        g.addNode("Reshape", out + ".r", List.of(reduced, "perBatch"), out + ".r");
        g.addFloatInitializer(out + ".k", new float[]{scale}, 1);
        g.addNode("Mul", out, List.of(out + ".r", out + ".k"), out);
        return out;
    }

    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
        }
        return v;
    }
}
