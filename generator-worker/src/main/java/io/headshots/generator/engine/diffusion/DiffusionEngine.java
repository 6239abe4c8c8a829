package io.headshots.generator.engine.diffusion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.IdentityScore;
import io.headshots.generator.engine.compositing.PhotoDecoder;
import io.headshots.generator.engine.diffusion.ComponentContracts.Component;
import io.headshots.generator.engine.diffusion.FaceAnalysis.Face;

/**
 * InstantID-style generation from the operator's ONNX exports (see {@code docs/engines.md}): the
 * largest face's identity embedding becomes identity tokens (image-prompt projection), its five
 * keypoints a control image for the IdentityNet ControlNet, the style's prompts are encoded by the
 * two SDXL text encoders, and a seeded latent is denoised (Euler or DPM++ 2M, classifier-free
 * guidance with the negative prompt as the unconditional branch), then decoded by the VAE in tiles.
 * Identity is measured as the cosine between the embeddings of photo and headshot.
 */
public final class DiffusionEngine implements HeadshotEngine {
    public static final String NAME = "diffusion";

    private final DiffusionOptions options;
    private final DiffusionModels models;
    private final FaceAnalysis faces;
    private final ClipTokenizer tokenizer;
    private final NoiseSchedule schedule;
    private final TiledVaeDecoder vae;

    public DiffusionEngine(DiffusionOptions options) {
        if (options.modelDir() == null) {
            throw new ModelFolderMismatch("generator.diffusion.model-dir is not set; the diffusion engine runs the "
                    + "operator's ONNX exports from that folder (docs/engines.md)");
        }
        Sampler.of(options.scheduler(), new double[]{1, 0});
        this.options = options;
        this.models = new DiffusionModels(options);
        DiffusionManifest m = models.manifest;
        this.faces = new FaceAnalysis(models, options.faceMinScore());
        this.tokenizer = ClipTokenizer.read(models.folder.resolve(m.tokenizer().vocab()),
                models.folder.resolve(m.tokenizer().merges()), m.tokenizer().maxLength());
        DiffusionManifest.Scheduler s = m.scheduler();
        this.schedule = NoiseSchedule.of(s.betaSchedule(), s.numTrainTimesteps(), s.betaStart(), s.betaEnd());
        this.vae = new TiledVaeDecoder(models.env, models.session(Component.VAE_DECODER), m.latent().factor(),
                m.latent().scalingFactor());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Headshot generate(byte[] photo, HeadshotRequest request, GenerationListener listener) {
        DiffusionStyles.Params p = DiffusionStyles.of(request.style());
        String prompt = p.prompt().replace("{style}", request.style().description(NAME));
        p = new DiffusionStyles.Params(p.name(), prompt, p.negativePrompt(), p.steps(), p.guidance(),
                p.identityStrength(), p.controlStrength(), p.size(), p.seed());
        return generate(photo, p, request.variant(), request.size(), listener);
    }

    /** One headshot with explicit parameters (the tests vary guidance, steps, size, prompts). */
    Headshot generate(byte[] photo, DiffusionStyles.Params params, int variant, int outputSize,
            GenerationListener listener) {
        BufferedImage image = PhotoDecoder.decode(photo, options.maxInputPixels());
        try {
            Face face = faces.largest(image).orElseThrow(
                    () -> new GenerationFailure(GenerationFailure.NO_FACE, "no face was found in the photo"));
            float[] identity = faces.embedding(image, face);
            int steps = options.stepsOverride() > 0 ? options.stepsOverride()
                    : params.steps() > 0 ? params.steps() : options.defaultSteps();
            BufferedImage generated = denoiseAndDecode(face, identity, params, steps, params.seed() + variant, listener);
            BufferedImage out = Images.resize(generated, outputSize, outputSize);
            List<String> notes = new ArrayList<>();
            if (face.others() > 0) {
                notes.add("the largest of " + (face.others() + 1) + " faces was used");
            }
            notes.add(String.format("diffusion: %s, %d steps, guidance %.1f, seed %d", options.scheduler(), steps,
                    params.guidance(), params.seed() + variant));
            IdentityScore score = identity(out, identity, notes);
            if (options.minIdentityCosine() > -1 && score.cosine() < options.minIdentityCosine()) {
                throw IdentityMismatch.tooDissimilar(score, options.minIdentityCosine());
            }
            return new Headshot(out, score, notes);
        } catch (OrtException e) {
            throw new GenerationFailure(GenerationFailure.ENGINE_ERROR, "the diffusion models failed to run", e);
        }
    }

    /** The rule of {@link #generate}: the cosine of the identity embeddings, at least the minimum. */
    @Override
    public IdentityScore checkIdentity(byte[] photo, BufferedImage output) {
        BufferedImage image = PhotoDecoder.decode(photo, options.maxInputPixels());
        try {
            Face face = faces.largest(image).orElseThrow(
                    () -> new GenerationFailure(GenerationFailure.NO_FACE, "no face was found in the photo"));
            IdentityScore score = identity(output, faces.embedding(image, face), new ArrayList<>());
            if (options.minIdentityCosine() > -1 && score.cosine() < options.minIdentityCosine()) {
                throw IdentityMismatch.tooDissimilar(score, options.minIdentityCosine());
            }
            return score;
        } catch (OrtException e) {
            throw new GenerationFailure(GenerationFailure.ENGINE_ERROR, "the face models failed to run", e);
        }
    }

    private IdentityScore identity(BufferedImage out, float[] identity, List<String> notes) throws OrtException {
        var found = faces.largest(out);
        if (found.isEmpty()) {
            notes.add("no face found in the headshot");
            return new IdentityScore(0, Math.sqrt(2));
        }
        double cos = FaceAnalysis.cosine(identity, faces.embedding(out, found.get()));
        return new IdentityScore(cos, Math.sqrt(Math.max(0, 2 - 2 * cos)));
    }

    private BufferedImage denoiseAndDecode(Face face, float[] identity, DiffusionStyles.Params p, int steps, long seed,
            GenerationListener listener) throws OrtException {
        DiffusionManifest m = models.manifest;
        int size = p.size();
        int channels = m.latent().channels();
        int lh = size / m.latent().factor();
        int lw = lh;
        boolean guided = p.guidance() > 1;
        int rows = guided ? 2 : 1;

        Conditioning cond = conditioning(identity, p, guided, size);
        float[][] control = {Images.planar01(KeypointCanvas.draw(
                KeypointCanvas.frame(face.keypoints(), size, options.eyeLine(), options.eyeDistance()), size, size))};

        String scheduler = options.scheduler();
        NoiseSchedule.Plan plan = schedule.plan(steps, m.scheduler().timestepSpacing(), m.scheduler().stepsOffset(),
                Sampler.karras(scheduler));
        Sampler sampler = Sampler.of(scheduler, plan.sigmas());
        int n = channels * lh * lw;
        float[] x = new float[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            x[k] = (float) (random.nextGaussian() * plan.sigmas()[0]);
        }

        boolean batch = models.batches(Component.CONTROLNET) && models.batches(Component.UNET);
        int groups = batch ? 1 : rows;
        int perGroup = batch ? rows : 1;
        List<Map<String, OnnxTensor>> constants = new ArrayList<>();
        float[] eps = new float[n];
        float[][] rowEps = new float[rows][];
        try {
            for (int g = 0; g < groups; g++) {
                constants.add(constants(cond, control[0], g * perGroup, perGroup, size));
            }
            for (int i = 0; i < steps; i++) {
                if (listener.cancelled()) {
                    throw new GenerationFailure(GenerationFailure.CANCELED, "generation canceled");
                }
                float scale = (float) sampler.inputScale(i);
                float[] xin = new float[n * perGroup];
                for (int r = 0; r < perGroup; r++) {
                    for (int k = 0; k < n; k++) {
                        xin[r * n + k] = x[k] * scale;
                    }
                }
                float[] t = new float[perGroup];
                Arrays.fill(t, (float) plan.timesteps()[i]);
                for (int g = 0; g < groups; g++) {
                    float[] out = denoise(constants.get(g), xin, t, perGroup, channels, lh, lw, p);
                    for (int r = 0; r < perGroup; r++) {
                        rowEps[g * perGroup + r] = Arrays.copyOfRange(out, r * n, (r + 1) * n);
                    }
                }
                if (guided) {
                    Sampler.guide(rowEps[0], rowEps[1], p.guidance(), eps);
                } else {
                    System.arraycopy(rowEps[0], 0, eps, 0, n);
                }
                sampler.step(i, x, eps);
                listener.step(i + 1, steps);
            }
        } finally {
            constants.forEach(map -> map.values().forEach(OnnxTensor::close));
        }
        if (listener.cancelled()) {
            throw new GenerationFailure(GenerationFailure.CANCELED, "generation canceled");
        }
        float[] rgb = vae.decode(x, channels, lh, lw, options.vaeTileSize());
        return Images.fromPlanarSigned(rgb, lw * m.latent().factor(), lh * m.latent().factor());
    }

    /** One ControlNet + UNet call for a group of rows; the predicted noise of each row. */
    private float[] denoise(Map<String, OnnxTensor> constants, float[] xin, float[] t, int rows, int channels, int lh,
            int lw, DiffusionStyles.Params p) throws OrtException {
        OrtSession controlnet = models.session(Component.CONTROLNET);
        OrtSession unet = models.session(Component.UNET);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            OnnxTensor sampleC = Feeds.floats(models.env, controlnet, "sample", xin, rows, channels, lh, lw);
            open.add(sampleC);
            OnnxTensor timeC = Feeds.floats(models.env, controlnet, "timestep", t, rows);
            open.add(timeC);
            Map<String, OnnxTensor> cin = new HashMap<>();
            cin.put("sample", sampleC);
            cin.put("timestep", timeC);
            for (String k : List.of("encoder_hidden_states_control", "controlnet_cond", "text_embeds_control",
                    "time_ids_control")) {
                cin.put(k.replace("_control", ""), constants.get(k));
            }
            OrtSession.Result residuals = controlnet.run(cin);
            open.add(residuals);

            Map<String, ai.onnxruntime.OnnxTensorLike> uin = new HashMap<>();
            OnnxTensor sampleU = Feeds.floats(models.env, unet, "sample", xin, rows, channels, lh, lw);
            open.add(sampleU);
            OnnxTensor timeU = Feeds.floats(models.env, unet, "timestep", t, rows);
            open.add(timeU);
            uin.put("sample", sampleU);
            uin.put("timestep", timeU);
            for (String k : List.of("encoder_hidden_states", "text_embeds", "time_ids", ComponentContracts.IP_SCALE)) {
                if (constants.containsKey(k)) {
                    uin.put(k, constants.get(k));
                }
            }
            for (var e : residuals) {
                OnnxValue v = e.getValue();
                boolean sameType = Feeds.inputType(unet, e.getKey()) == ((OnnxTensor) v).getInfo().type;
                if (p.controlStrength() == 1.0 && sameType) {
                    uin.put(e.getKey(), (OnnxTensor) v); // no copy: the ControlNet's output is the UNet's input
                } else {
                    float[] r = Feeds.read(v);
                    for (int k = 0; k < r.length; k++) {
                        r[k] *= (float) p.controlStrength();
                    }
                    OnnxTensor scaled = Feeds.floats(models.env, unet, e.getKey(), r, Feeds.shape(v));
                    open.add(scaled);
                    uin.put(e.getKey(), scaled);
                }
            }
            try (OrtSession.Result r = unet.run(uin)) {
                return Feeds.read(r.get("out_sample").orElseThrow());
            }
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception ignored) {
                    // native memory is released; nothing else to do
                }
            }
        }
    }

    /** What does not change between steps, per row (0: unconditional when guided, else conditional). */
    private record Conditioning(float[][] unetHidden, int unetSeq, float[][] controlHidden, float[][] pooled,
            float[] timeIds, float ipScale) {
    }

    private Conditioning conditioning(float[] identity, DiffusionStyles.Params p, boolean guided, int size)
            throws OrtException {
        DiffusionManifest m = models.manifest;
        int rows = guided ? 2 : 1;
        int tokens = (int) (long) m.sizes().get("identityTokens");
        int cross = (int) (m.sizes().get("textHidden") + m.sizes().get("textHidden2"));
        int len = m.tokenizer().maxLength();
        boolean ipInput = models.accepts(Component.UNET, ComponentContracts.IP_SCALE);
        float[][] unetHidden = new float[rows][];
        float[][] controlHidden = new float[rows][];
        float[][] pooled = new float[rows][];
        for (int r = 0; r < rows; r++) {
            boolean uncond = guided && r == 0;
            // InstantID: the unconditional branch sees the projection of a zero face embedding
            float[] idTokens = project(uncond ? new float[identity.length] : identity);
            controlHidden[r] = idTokens;
            float[][] text = encode(uncond ? p.negativePrompt() : p.prompt(), len, cross);
            pooled[r] = text[1];
            float[] hidden = new float[(len + tokens) * cross];
            System.arraycopy(text[0], 0, hidden, 0, len * cross);
            float weight = ipInput ? 1f : (float) p.identityStrength();
            for (int k = 0; k < tokens * cross; k++) {
                hidden[len * cross + k] = idTokens[k] * weight;
            }
            unetHidden[r] = hidden;
        }
        float[] timeIds = {size, size, 0, 0, size, size};
        return new Conditioning(unetHidden, len + tokens, controlHidden, pooled, timeIds, (float) p.identityStrength());
    }

    private float[] project(float[] embedding) throws OrtException {
        OrtSession s = models.session(Component.IMAGE_PROJECTION);
        try (OnnxTensor in = Feeds.floats(models.env, s, "face_embedding", embedding, 1, 1, embedding.length);
             OrtSession.Result r = s.run(Map.of("face_embedding", in))) {
            return Feeds.read(r.get("identity_tokens").orElseThrow());
        }
    }

    /**
     * Both encoders' hidden states concatenated on the feature axis ([len, cross]) and the second's
     * pooled embedding. An empty prompt (no negative prompt) gives zeros, as SDXL does.
     */
    private float[][] encode(String prompt, int len, int cross) throws OrtException {
        int pooledSize = (int) (long) models.manifest.sizes().get("pooledText");
        if (prompt == null || prompt.isBlank()) {
            return new float[][]{new float[len * cross], new float[pooledSize]};
        }
        DiffusionManifest.Tokenizer t = models.manifest.tokenizer();
        float[] h1;
        float[] h2;
        float[] pooled;
        OrtSession e1 = models.session(Component.TEXT_ENCODER);
        try (OnnxTensor ids = Feeds.ids(models.env, e1, "input_ids", tokenizer.encode(prompt, t.padToken()), 1, len);
             OrtSession.Result r = e1.run(Map.of("input_ids", ids))) {
            h1 = Feeds.read(r.get("hidden_states").orElseThrow());
        }
        OrtSession e2 = models.session(Component.TEXT_ENCODER_2);
        try (OnnxTensor ids = Feeds.ids(models.env, e2, "input_ids", tokenizer.encode(prompt, t.padToken2()), 1, len);
             OrtSession.Result r = e2.run(Map.of("input_ids", ids))) {
            h2 = Feeds.read(r.get("hidden_states").orElseThrow());
            pooled = Feeds.read(r.get("text_embeds").orElseThrow());
        }
        int d1 = h1.length / len;
        int d2 = h2.length / len;
        float[] hidden = new float[len * cross];
        for (int i = 0; i < len; i++) {
            System.arraycopy(h1, i * d1, hidden, i * cross, d1);
            System.arraycopy(h2, i * d2, hidden, i * cross + d1, d2);
        }
        return new float[][]{hidden, pooled};
    }

    /** The step-invariant tensors of rows {@code from .. from+count}, in each session's dtype. */
    private Map<String, OnnxTensor> constants(Conditioning c, float[] control, int from, int count, int size)
            throws OrtException {
        OrtSession controlnet = models.session(Component.CONTROLNET);
        OrtSession unet = models.session(Component.UNET);
        Map<String, OnnxTensor> out = new HashMap<>();
        int cross = c.controlHidden()[0].length / (int) (long) models.manifest.sizes().get("identityTokens");
        int tokens = c.controlHidden()[0].length / cross;
        float[] timeIds = repeat(new float[][]{c.timeIds(), c.timeIds()}, from, count);
        try {
            out.put("encoder_hidden_states_control", Feeds.floats(models.env, controlnet, "encoder_hidden_states",
                    concat(c.controlHidden(), from, count), count, tokens, cross));
            out.put("controlnet_cond", Feeds.floats(models.env, controlnet, "controlnet_cond",
                    repeat(new float[][]{control, control}, 0, count), count, 3, size, size));
            out.put("text_embeds_control", Feeds.floats(models.env, controlnet, "text_embeds",
                    concat(c.pooled(), from, count), count, c.pooled()[0].length));
            out.put("time_ids_control", Feeds.floats(models.env, controlnet, "time_ids", timeIds, count, 6));
            out.put("encoder_hidden_states", Feeds.floats(models.env, unet, "encoder_hidden_states",
                    concat(c.unetHidden(), from, count), count, c.unetSeq(), cross));
            out.put("text_embeds", Feeds.floats(models.env, unet, "text_embeds",
                    concat(c.pooled(), from, count), count, c.pooled()[0].length));
            out.put("time_ids", Feeds.floats(models.env, unet, "time_ids", timeIds, count, 6));
            if (models.accepts(Component.UNET, ComponentContracts.IP_SCALE)) {
                out.put(ComponentContracts.IP_SCALE, Feeds.floats(models.env, unet, ComponentContracts.IP_SCALE,
                        new float[]{c.ipScale()}, 1));
            }
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    private static float[] concat(float[][] rows, int from, int count) {
        int n = rows[from].length;
        float[] out = new float[n * count];
        for (int r = 0; r < count; r++) {
            System.arraycopy(rows[from + r], 0, out, r * n, n);
        }
        return out;
    }

    private static float[] repeat(float[][] same, int from, int count) {
        return concat(same, from, count);
    }

    @Override
    public void close() {
        models.close();
    }
}
