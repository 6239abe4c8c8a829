package io.headshots.upscaler.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.headshots.contracts.SizeLimits;
import io.headshots.upscaler.config.UpscalerConfig;
import io.headshots.upscaler.engine.EngineOptions;
import io.headshots.upscaler.engine.ModelDirectory;
import io.headshots.upscaler.engine.UpscaleEngine;

/** One engine per process: model sessions are loaded once and shared by every task. */
@ApplicationScoped
public class EngineProducer {
    /** The pixel limits are the contracts' {@link SizeLimits}, the ones the gateway already checked. */
    @Produces
    @ApplicationScoped
    UpscaleEngine engine(UpscalerConfig config) {
        EngineOptions options = new EngineOptions(config.device(), config.intraOpThreads(),
                (long) config.tileMemoryBudgetMib() << 20, config.overlap(), SizeLimits.MAX_INPUT_PIXELS,
                SizeLimits.MAX_UPSCALE_PIXELS);
        return new UpscaleEngine(options, new ModelDirectory(config.modelsDir()));
    }

    void close(@Disposes UpscaleEngine engine) {
        engine.close();
    }
}
