package io.headshots.upscaler.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedModelsTests {

    @TempDir
    Path models;

    @Test
    void concurrentFirstUsesShareOneSession() throws Exception {
        TinyModels.writeAll(models);
        try (LoadedModels loaded = new LoadedModels(new ModelDirectory(models), new SessionTuning(EngineOptions.defaults()))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<UpscaleModel>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(() -> loaded.get(TinyModels.X4));
                }
                List<UpscaleModel> seen = new ArrayList<>();
                for (Future<UpscaleModel> f : pool.invokeAll(calls)) {
                    seen.add(f.get());
                }
                assertThat(seen).allSatisfy(m -> assertThat(m).isSameAs(seen.get(0)));
                assertThat(seen.get(0).scale()).isEqualTo(4);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aFileThatIsNotAModelIsAnUnknownModelAndIsRetriedLater() throws Exception {
        java.nio.file.Files.writeString(models.resolve("broken.onnx"), "not a model");
        try (LoadedModels loaded = new LoadedModels(new ModelDirectory(models), new SessionTuning(EngineOptions.defaults()))) {
            assertThatThrownBy(() -> loaded.get("broken"))
                    .isInstanceOfSatisfying(UpscaleFailure.class, f -> assertThat(f.code()).isEqualTo("unknown_model"));

            java.nio.file.Files.write(models.resolve("broken.onnx"), TinyModels.upscaler(2, 1, true, false));
            assertThat(loaded.get("broken").scale()).isEqualTo(2);
        }
    }

    @Test
    void askingForCudaOnACpuOnlyBuildFallsBackToTheCpu() throws Exception {
        TinyModels.writeAll(models);
        try (UpscaleEngine engine = new UpscaleEngine(EngineOptions.defaults().withDevice("cuda"), new ModelDirectory(models))) {
            assertThat(engine.device()).isEqualTo(ai.onnxruntime.OrtEnvironment.getAvailableProviders()
                    .contains(ai.onnxruntime.OrtProvider.CUDA) ? "cuda" : "cpu");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            UpscaleOutcome outcome = engine.upscale(TestImages.png(TestImages.rgb(16, 16, 1)),
                    UpscaleSpec.byScale(TinyModels.X4, 4, OutputFormat.PNG), out, null);
            assertThat(outcome.width()).isEqualTo(64);
        }
    }
}
