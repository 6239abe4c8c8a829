package io.headshots.generator.engine.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact tensors of every component, checked against each ONNX file at start-up. A dimension is
 * {@code "*"} (anything, usually symbolic), a number (fixed), or a key of the manifest's sizes (fixed
 * once the manifest is read). A file may leave a dimension symbolic where the contract fixes it; a
 * fixed dimension in the file must equal the contract's.
 */
public final class ComponentContracts {
    /** The manifest sizes every folder must state. */
    public static final List<String> SIZE_KEYS = List.of("detectorInput", "faceEmbedding", "identityTokens",
            "textHidden", "textHidden2", "pooledText", "controlResiduals");

    public static final String IP_SCALE = "ip_scale";

    private ComponentContracts() {
    }

    /** Element types: float32 and float16 are both accepted where the engine converts. */
    public enum Kind {
        /** float32 or float16. */
        FLOAT,
        /** int64 or int32. */
        INTEGER,
        /** any of the above (timesteps: exports differ). */
        NUMBER
    }

    public record TensorSpec(String name, Kind kind, List<String> dims, boolean optional) {
        static TensorSpec of(String name, Kind kind, String... dims) {
            return new TensorSpec(name, kind, List.of(dims), false);
        }

        String shapeText() {
            return "[" + String.join(", ", dims) + "]";
        }
    }

    public enum Component {
        FACE_DETECTOR("faceDetector"),
        FACE_EMBEDDER("faceEmbedder"),
        TEXT_ENCODER("textEncoder"),
        TEXT_ENCODER_2("textEncoder2"),
        IMAGE_PROJECTION("imageProjection"),
        CONTROLNET("controlnet"),
        UNET("unet"),
        VAE_DECODER("vaeDecoder");

        private final String key;

        Component(String key) {
            this.key = key;
        }

        /** The component's key in the manifest. */
        public String key() {
            return key;
        }
    }

    public static List<TensorSpec> inputs(Component component, int controlResiduals) {
        Kind f = Kind.FLOAT;
        return switch (component) {
            case FACE_DETECTOR -> List.of(TensorSpec.of("image", f, "1", "3", "detectorInput", "detectorInput"));
            case FACE_EMBEDDER -> List.of(TensorSpec.of("image", f, "1", "3", "112", "112"));
            case TEXT_ENCODER, TEXT_ENCODER_2 ->
                    List.of(TensorSpec.of("input_ids", Kind.INTEGER, "*", "tokenizerMaxLength"));
            case IMAGE_PROJECTION -> List.of(TensorSpec.of("face_embedding", f, "*", "1", "faceEmbedding"));
            case CONTROLNET -> List.of(
                    TensorSpec.of("sample", f, "*", "latentChannels", "*", "*"),
                    TensorSpec.of("timestep", Kind.NUMBER, "*"),
                    TensorSpec.of("encoder_hidden_states", f, "*", "identityTokens", "crossAttention"),
                    TensorSpec.of("controlnet_cond", f, "*", "3", "*", "*"),
                    TensorSpec.of("text_embeds", f, "*", "pooledText"),
                    TensorSpec.of("time_ids", f, "*", "6"));
            case UNET -> {
                List<TensorSpec> in = new ArrayList<>(List.of(
                        TensorSpec.of("sample", f, "*", "latentChannels", "*", "*"),
                        TensorSpec.of("timestep", Kind.NUMBER, "*"),
                        TensorSpec.of("encoder_hidden_states", f, "*", "*", "crossAttention"),
                        TensorSpec.of("text_embeds", f, "*", "pooledText"),
                        TensorSpec.of("time_ids", f, "*", "6")));
                in.addAll(residuals(controlResiduals));
                in.add(new TensorSpec(IP_SCALE, f, List.of("1"), true));
                yield List.copyOf(in);
            }
            case VAE_DECODER -> List.of(TensorSpec.of("latent_sample", f, "*", "latentChannels", "*", "*"));
        };
    }

    public static List<TensorSpec> outputs(Component component, int controlResiduals) {
        Kind f = Kind.FLOAT;
        return switch (component) {
            case FACE_DETECTOR -> List.of(
                    TensorSpec.of("scores", f, "*"),
                    TensorSpec.of("boxes", f, "*", "4"),
                    TensorSpec.of("keypoints", f, "*", "5", "2"));
            case FACE_EMBEDDER -> List.of(TensorSpec.of("embedding", f, "1", "faceEmbedding"));
            case TEXT_ENCODER -> List.of(TensorSpec.of("hidden_states", f, "*", "tokenizerMaxLength", "textHidden"));
            case TEXT_ENCODER_2 -> List.of(
                    TensorSpec.of("hidden_states", f, "*", "tokenizerMaxLength", "textHidden2"),
                    TensorSpec.of("text_embeds", f, "*", "pooledText"));
            case IMAGE_PROJECTION ->
                    List.of(TensorSpec.of("identity_tokens", f, "*", "identityTokens", "crossAttention"));
            case CONTROLNET -> residuals(controlResiduals);
            case UNET -> List.of(TensorSpec.of("out_sample", f, "*", "latentChannels", "*", "*"));
            case VAE_DECODER -> List.of(TensorSpec.of("sample", f, "*", "3", "*", "*"));
        };
    }

    /** ControlNet outputs and the UNet inputs they feed, by the same names. */
    static List<TensorSpec> residuals(int count) {
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(TensorSpec.of(downBlock(i), Kind.FLOAT, "*", "*", "*", "*"));
        }
        out.add(TensorSpec.of(MID_BLOCK, Kind.FLOAT, "*", "*", "*", "*"));
        return List.copyOf(out);
    }

    public static final String MID_BLOCK = "mid_block";

    public static String downBlock(int i) {
        return "down_block_" + i;
    }
}
