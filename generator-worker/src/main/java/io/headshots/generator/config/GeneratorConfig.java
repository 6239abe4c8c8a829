package io.headshots.generator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the generator worker can be told; environment variables override (GENERATOR_ENGINE, ...). */
@ConfigMapping(prefix = "generator")
public interface GeneratorConfig {
    /**
     * The engine: {@code default} (compositing, CPU, real models) or {@code diffusion} (InstantID-style
     * ONNX exports the operator supplies, see {@code docs/engines.md}). {@code capacity-test} (no
     * model: a fixed hold and a synthetic image) is for capacity benchmarks and refused in the
     * {@code prod} profile.
     */
    @WithDefault("default")
    String engine();

    /** Directory of the models ({@code NAME.onnx}); filled by {@code ./dev models}. */
    Path modelsDir();

    /**
     * Tasks generated at once by this worker; also the size of its {@code generate-pool}. Each holds
     * a matting run (~2 GB at peak on the CPU), and one already uses every core.
     */
    @WithDefault("1")
    int maxInFlight();

    /** {@code cpu} or {@code cuda}; cuda falls back to cpu, with one log line, where it is absent. */
    @WithDefault("cpu")
    String device();

    /** ONNX Runtime intra-op threads; 0 lets it use every core. */
    @WithDefault("0")
    int intraOpThreads();

    /** {@code isnet-matting} (fp16, clean edges) or {@code isnet-matting-uint8} (half the size). */
    @WithDefault("isnet-matting")
    String mattingModel();

    /** Face detection and the rules for accepting a photo. */
    Faces faces();

    /** Where the face lands in the frame. */
    Framing framing();

    /** The identity check of every output. */
    Identity identity();

    /** The follow-on upscale of premium outputs. */
    Upscale upscale();

    /** Least time between two progress events of one task. */
    @WithDefault("PT0.5S")
    Duration progressInterval();

    /** Backoff for transient S3 and broker failures: doubled per attempt up to the maximum. */
    Retry retry();

    /** The diffusion engine ({@code generator.engine=diffusion}); ignored by the default engine. */
    Diffusion diffusion();

    /** The capacity-test engine ({@code generator.engine=capacity-test}); ignored by the others. */
    CapacityTest capacityTest();

    interface CapacityTest {
        /** How long each task is held (the engine's whole time per task); environment GENERATOR_CAPACITY_TEST_HOLD. */
        @WithDefault("PT2S")
        Duration hold();
    }

    interface Diffusion {
        /** The operator's model folder with its {@code manifest.json}; required by the diffusion engine. */
        Optional<Path> modelDir();

        /**
         * GPU memory the engine may use, MiB. Checked at start-up against the sum of the model files'
         * sizes (an estimate: activations come on top); absent: not checked.
         */
        Optional<Long> vramBudgetMib();

        /** {@code euler}, {@code dpmpp-2m} or {@code dpmpp-2m-karras}. */
        @WithDefault("dpmpp-2m-karras")
        String scheduler();

        /** Denoising steps of a style that names none. */
        @WithDefault("30")
        int defaultSteps();

        /** When set, every style runs this many steps (operators trading quality for time). */
        Optional<Integer> steps();

        /** Side of one VAE decoder tile in output pixels; larger images are decoded in overlapping tiles. */
        @WithDefault("1024")
        int vaeTileSize();

        /** Detector score a face needs, 0..1. */
        @WithDefault("0.5")
        double faceMinScore();

        /**
         * Least cosine between the identity embeddings of photo and headshot; below it the output is
         * not delivered ({@code identity_mismatch}). -1 turns the check off.
         */
        @WithDefault("0.3")
        double minIdentityCosine();
    }

    interface Faces {
        /** BlazeFace score a face needs, 0..1. */
        @WithDefault("0.6")
        double minScore();

        /** Several faces: the largest is used when its box is at least this many times the next one's area. */
        @WithDefault("2.0")
        double dominance();

        /** Fewer photo pixels between the eyes fail the task with {@code face_too_small}. */
        @WithDefault("28")
        double minEyeDistance();

        /** Variance of the Laplacian of the aligned face below which the task fails with {@code face_too_blurry}. */
        @WithDefault("12")
        double minSharpness();
    }

    interface Framing {
        /** Height of the eye line, fraction of the side from the top. */
        @WithDefault("0.42")
        double eyeLine();

        /** Distance between the eyes, fraction of the side (before the variant's small change). */
        @WithDefault("0.13")
        double eyeDistance();

        /**
         * The closest framing allowed, eyes this fraction of the side apart: when the photo cannot fill the
         * planned frame (cut at the chest, a face near an edge) the frame comes closer up to this; a photo
         * that fills none (cut at the chin) fails {@code photo_too_tight}.
         */
        @WithDefault("0.2")
        double maxEyeDistance();
    }

    interface Identity {
        /** Largest dlib descriptor distance between photo and headshot; above it: {@code identity_mismatch}. */
        @WithDefault("0.6")
        double maxDistance();
    }

    interface Upscale {
        /** The model of the follow-on upscale task. */
        @WithDefault("realesrgan-x4plus")
        String model();

        /** The format of the final output: {@code png} or {@code jpeg}. */
        @WithDefault("png")
        String format();
    }

    /**
     * S3 calls that fail transiently (platform {@code StorageRetry}): exponential backoff with full
     * jitter, at most {@code attempts} calls; past that the task is handed back to the queue, not
     * failed. The defaults ride out about 40 s of outage per delivery (up to ~80 s).
     */
    interface Retry {
        @WithDefault("10")
        int attempts();

        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();
    }
}
