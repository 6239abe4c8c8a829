package io.headshots.generator.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.headshots.contracts.SizeLimits;
import io.headshots.generator.config.GeneratorConfig;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.capacity.CapacityTestEngine;
import io.headshots.generator.engine.capacity.CapacityTestGuard;
import io.headshots.generator.engine.compositing.CompositingEngine;
import io.headshots.generator.engine.compositing.CompositingOptions;
import io.headshots.generator.engine.diffusion.DiffusionEngine;
import io.headshots.generator.engine.diffusion.DiffusionOptions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/** One engine per process, chosen by {@code generator.engine}: model sessions load once and are shared. */
@ApplicationScoped
public class EngineProducer {
    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    @Produces
    @ApplicationScoped
    HeadshotEngine engine(GeneratorConfig config) {
        return new GatedEngine(configured(config));
    }

    private static HeadshotEngine configured(GeneratorConfig config) {
        return switch (config.engine()) {
            case CompositingEngine.NAME -> new CompositingEngine(options(config));
            case DiffusionEngine.NAME -> new DiffusionEngine(diffusionOptions(config));
            case CapacityTestEngine.NAME -> capacityTest(config);
            default -> throw new IllegalStateException("unknown generator.engine '" + config.engine()
                    + "'; known: " + CompositingEngine.NAME + ", " + DiffusionEngine.NAME + ", "
                    + CapacityTestEngine.NAME + " (capacity benchmarks only, refused in the prod profile)");
        };
    }

    /** Capacity benchmarks only: refused in the production profile, loud in the log otherwise. */
    static CapacityTestEngine capacityTest(GeneratorConfig config) {
        CapacityTestGuard.requireNonProduction(ConfigUtils.getProfiles());
        CapacityTestEngine engine = new CapacityTestEngine(config.capacityTest().hold());
        LOG.warnf("generator.engine=%s (profiles %s): every task is held %s and gets a synthetic pattern;"
                + " no model, no identity check. For capacity benchmarks only.", CapacityTestEngine.NAME,
                ConfigUtils.getProfiles(), engine.hold());
        return engine;
    }

    static CompositingOptions options(GeneratorConfig config) {
        return new CompositingOptions(config.modelsDir(), config.mattingModel(), config.device(),
                config.intraOpThreads(), SizeLimits.MAX_INPUT_PIXELS, config.faces().minScore(),
                config.faces().dominance(), config.faces().minEyeDistance(), config.faces().minSharpness(),
                config.framing().eyeLine(), config.framing().eyeDistance(), config.framing().maxEyeDistance(),
                config.identity().maxDistance());
    }

    static DiffusionOptions diffusionOptions(GeneratorConfig config) {
        GeneratorConfig.Diffusion d = config.diffusion();
        return new DiffusionOptions(d.modelDir().orElse(null), config.device(), config.intraOpThreads(),
                SizeLimits.MAX_INPUT_PIXELS, d.vramBudgetMib().orElse(null), d.scheduler(), d.defaultSteps(),
                d.steps().orElse(0), d.vaeTileSize(), d.faceMinScore(), d.minIdentityCosine(),
                config.framing().eyeLine(), config.framing().eyeDistance());
    }

    /** Loads the models at start-up, not on the first task. */
    void load(@Observes StartupEvent event, HeadshotEngine engine) {
        engine.name();
    }

    void close(@Disposes HeadshotEngine engine) {
        engine.close();
    }
}
