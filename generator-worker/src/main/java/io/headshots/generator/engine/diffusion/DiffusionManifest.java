package io.headshots.generator.engine.diffusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;

import io.headshots.contracts.Messages;

/**
 * The operator's {@code manifest.json}: which file is which component, the tokenizer, the training
 * noise schedule and the few sizes the tensor contracts ({@link ComponentContracts}) are checked
 * against. Paths are relative to the model folder. Example in {@code docs/engines.md}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiffusionManifest(int format, Map<String, String> components, Tokenizer tokenizer,
        Scheduler scheduler, Latent latent, Map<String, Long> sizes) {

    public static final String FILE = "manifest.json";
    public static final int FORMAT = 1;

    /**
     * CLIP BPE files shared by both text encoders (SDXL's two tokenizers have the same vocabulary and
     * merges and differ only in the padding token).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tokenizer(String vocab, String merges, int maxLength, String padToken, String padToken2) {
    }

    /**
     * The training noise schedule, as in diffusers' {@code scheduler_config.json}.
     *
     * @param betaSchedule    {@code scaled_linear} (SD/SDXL) or {@code linear}
     * @param predictionType  only {@code epsilon} is supported
     * @param timestepSpacing {@code leading} (SDXL), {@code trailing} or {@code linspace}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scheduler(int numTrainTimesteps, double betaStart, double betaEnd, String betaSchedule,
            String predictionType, String timestepSpacing, int stepsOffset) {
    }

    /**
     * @param channels      latent channels (4 for SDXL)
     * @param factor        pixels per latent cell (8)
     * @param scalingFactor the VAE's {@code scaling_factor} (0.13025 for SDXL)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Latent(int channels, int factor, double scalingFactor) {
    }

    public static DiffusionManifest read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFolderMismatch(FILE + " is missing from the diffusion model folder " + folder);
        }
        DiffusionManifest m;
        try {
            m = Messages.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), DiffusionManifest.class);
        } catch (IOException e) {
            throw new ModelFolderMismatch(FILE + " is not valid: " + e.getMessage());
        }
        m.validate();
        return m;
    }

    private void validate() {
        require(format == FORMAT, "format must be " + FORMAT + ", found " + format);
        require(components != null, "components missing");
        for (ComponentContracts.Component c : ComponentContracts.Component.values()) {
            require(components.get(c.key()) != null, "components." + c.key() + " missing");
        }
        require(tokenizer != null && tokenizer.vocab() != null && tokenizer.merges() != null
                && tokenizer.maxLength() > 2, "tokenizer needs vocab, merges and maxLength > 2");
        require(scheduler != null && scheduler.numTrainTimesteps() > 1 && scheduler.betaStart() > 0
                && scheduler.betaEnd() > scheduler.betaStart(), "scheduler needs numTrainTimesteps, betaStart < betaEnd");
        require("epsilon".equals(scheduler.predictionType()),
                "scheduler.predictionType must be epsilon, found " + scheduler.predictionType());
        require(latent != null && latent.channels() > 0 && latent.factor() > 0 && latent.scalingFactor() > 0,
                "latent needs channels, factor and scalingFactor");
        require(sizes != null, "sizes missing");
        for (String key : ComponentContracts.SIZE_KEYS) {
            require(sizes.get(key) != null && sizes.get(key) > 0, "sizes." + key + " missing");
        }
    }

    /** Every size a contract dimension may name, including the derived ones. */
    Map<String, Long> resolvedSizes() {
        Map<String, Long> all = new LinkedHashMap<>(sizes);
        all.put("latentChannels", (long) latent.channels());
        all.put("tokenizerMaxLength", (long) tokenizer.maxLength());
        all.put("crossAttention", sizes.get("textHidden") + sizes.get("textHidden2"));
        return all;
    }

    int controlResiduals() {
        return sizes.get("controlResiduals").intValue();
    }

    int detectorSize() {
        return sizes.get("detectorInput").intValue();
    }

    Path file(Path folder, ComponentContracts.Component component) {
        return folder.resolve(components.get(component.key()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelFolderMismatch(FILE + ": " + message);
        }
    }
}
