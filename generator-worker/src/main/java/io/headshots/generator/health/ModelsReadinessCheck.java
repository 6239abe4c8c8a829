package io.headshots.generator.health;

import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.generator.config.GeneratorConfig;
import io.headshots.generator.engine.compositing.CompositingEngine;

/** Ready only when every model the engine runs is on disk: a task would otherwise fail. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {
    private final GeneratorConfig config;

    public ModelsReadinessCheck(GeneratorConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        if (!CompositingEngine.NAME.equals(config.engine())) {
            // the diffusion engine checks its whole folder at start-up and refuses to start without it;
            // the capacity-test engine loads no model
            return HealthCheckResponse.named("models").up().withData("engine", config.engine()).build();
        }
        var missing = CompositingEngine.requiredModels(config.mattingModel()).stream()
                .filter(name -> !Files.isRegularFile(config.modelsDir().resolve(name + ".onnx")))
                .toList();
        return HealthCheckResponse.named("models")
                .status(missing.isEmpty())
                .withData("missing", String.join(",", missing))
                .build();
    }
}
