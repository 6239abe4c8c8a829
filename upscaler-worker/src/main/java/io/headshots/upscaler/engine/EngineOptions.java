package io.headshots.upscaler.engine;

import java.util.Locale;
import java.util.Objects;

import io.headshots.contracts.SizeLimits;

/**
 * Process-wide settings of an {@link UpscaleEngine}. Validated as a whole on construction.
 *
 * @param device                "cpu" (default) or "cuda". CUDA is used only when this ONNX
 *                              Runtime build offers it; otherwise the engine logs one line
 *                              and runs on the CPU.
 * @param intraOpThreads        threads ONNX Runtime may use inside one model run; 0 lets it
 *                              choose (one per physical core). Default 0.
 * @param tileMemoryBudgetBytes memory one tile's inference may take; sizes tiles when a spec
 *                              asks for automatic tiles. Default {@link #DEFAULT_TILE_BUDGET}.
 * @param overlap               input pixels shared by neighbouring tiles and feathered
 *                              together; must cover the model's edge effects. Default
 *                              {@link #DEFAULT_OVERLAP}.
 * @param maxInputPixels        larger inputs fail with {@code image_too_large}, judged from
 *                              the header before decoding. Default {@link #DEFAULT_MAX_INPUT_PIXELS}.
 * @param maxOutputPixels       larger outputs (at the model's native scale or final) fail
 *                              with {@code image_too_large} before any work. Default
 *                              {@link #DEFAULT_MAX_OUTPUT_PIXELS}.
 */
public record EngineOptions(String device, int intraOpThreads, long tileMemoryBudgetBytes, int overlap,
                            long maxInputPixels, long maxOutputPixels) {

    /** 512 MiB gives tiles of about 240 px for a 4x model: see {@link TileSizer}. */
    public static final long DEFAULT_TILE_BUDGET = 512L << 20;
    /**
     * Tiled against untiled output, same input (PSNR over RGB): realesrgan-x4fast with 64 px
     * tiles 48.4 dB at overlap 0, 56.6 dB at 8, 58.3 dB at 16; realesrgan-x4plus with 128 px
     * tiles 58.9 dB at 16, 60.8 dB at 32. 16 is well past the 45 dB where a seam could be
     * seen, and costs ~14% extra inference at the default tile size (32 would cost ~32%).
     */
    public static final int DEFAULT_OVERLAP = 16;
    /** The input limit every stage shares (contracts {@link SizeLimits}). */
    public static final long DEFAULT_MAX_INPUT_PIXELS = SizeLimits.MAX_INPUT_PIXELS;
    /** 8192 x 8192 output: about 200 MB of 8-bit RGB and the same again for a resize. */
    public static final long DEFAULT_MAX_OUTPUT_PIXELS = SizeLimits.MAX_UPSCALE_PIXELS;

    public EngineOptions {
        Objects.requireNonNull(device, "device");
        device = device.trim().toLowerCase(Locale.ROOT);
        if (!device.equals("cpu") && !device.equals("cuda")) {
            throw new IllegalArgumentException("device must be cpu or cuda, got " + device);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0");
        }
        if (tileMemoryBudgetBytes < (16L << 20)) {
            throw new IllegalArgumentException("tileMemoryBudgetBytes must be at least 16 MiB");
        }
        if (overlap < 0 || overlap > 128) {
            throw new IllegalArgumentException("overlap must be 0..128 input pixels, got " + overlap);
        }
        if (maxInputPixels <= 0 || maxOutputPixels <= 0) {
            throw new IllegalArgumentException("pixel limits must be positive");
        }
    }

    /** CPU, ONNX Runtime's thread choice, and the documented defaults. */
    public static EngineOptions defaults() {
        return new EngineOptions("cpu", 0, DEFAULT_TILE_BUDGET, DEFAULT_OVERLAP,
                DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_OUTPUT_PIXELS);
    }

    public EngineOptions withDevice(String newDevice) {
        return new EngineOptions(newDevice, intraOpThreads, tileMemoryBudgetBytes, overlap, maxInputPixels, maxOutputPixels);
    }

    public EngineOptions withIntraOpThreads(int threads) {
        return new EngineOptions(device, threads, tileMemoryBudgetBytes, overlap, maxInputPixels, maxOutputPixels);
    }

    public EngineOptions withOverlap(int pixels) {
        return new EngineOptions(device, intraOpThreads, tileMemoryBudgetBytes, pixels, maxInputPixels, maxOutputPixels);
    }

    public EngineOptions withTileMemoryBudget(long bytes) {
        return new EngineOptions(device, intraOpThreads, bytes, overlap, maxInputPixels, maxOutputPixels);
    }

    public EngineOptions withPixelLimits(long input, long output) {
        return new EngineOptions(device, intraOpThreads, tileMemoryBudgetBytes, overlap, input, output);
    }
}
