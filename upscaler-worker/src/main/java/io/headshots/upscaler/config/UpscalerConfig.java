package io.headshots.upscaler.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the upscaler worker can be told; environment variables override (UPSCALER_DEVICE, ...). */
@ConfigMapping(prefix = "upscaler")
public interface UpscalerConfig {
    /** Directory of converted models ({@code NAME.onnx}); filled by {@code ./dev models}. */
    Path modelsDir();

    /** {@code cpu} or {@code cuda}; cuda falls back to cpu, with one log line, where it is absent. */
    @WithDefault("cpu")
    String device();

    /** ONNX Runtime intra-op threads; 0 lets it use every core. */
    @WithDefault("0")
    int intraOpThreads();

    /** Memory for one tile's tensors; tiles are sized from it unless {@link #tileSize()} is set. */
    @WithDefault("512")
    int tileMemoryBudgetMib();

    /** Tile side in input pixels; 0 sizes tiles from the memory budget. */
    @WithDefault("0")
    int tileSize();

    /** Overlap between neighbouring tiles in input pixels, blended with a feathered ramp. */
    @WithDefault("16")
    int overlap();

    /** Tasks in flight per worker: one tile-heavy task saturates the cores (ONNX Runtime uses them all). */
    @WithDefault("1")
    int maxInFlight();

    /** Least time between two progress events of one task. */
    @WithDefault("PT0.5S")
    Duration progressInterval();

    /** Backoff for transient S3 and broker failures: doubled per attempt up to the maximum. */
    Retry retry();

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
