package io.headshots.upscaler.health;

import java.nio.file.Files;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.contracts.UpscaleModels;
import io.headshots.upscaler.config.UpscalerConfig;

/** Ready only when every model the API offers is on disk: a task for a missing model would fail. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {
    private final UpscalerConfig config;

    public ModelsReadinessCheck(UpscalerConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var missing = UpscaleModels.all().stream().map(UpscaleModels.Model::name)
                .filter(name -> !Files.isRegularFile(config.modelsDir().resolve(name + ".onnx")))
                .toList();
        return HealthCheckResponse.named("models")
                .status(missing.isEmpty())
                .withData("missing", String.join(",", missing))
                .build();
    }
}
