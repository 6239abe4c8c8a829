package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/** The start-up check refuses a folder that does not match the contracts, saying file, tensor, expected and found. */
class ModelFolderCheckTests {
    @TempDir
    Path dir;

    private DiffusionEngine open(Long budgetMib) {
        return new DiffusionEngine(new DiffusionOptions(dir, "cpu", 1, 40_000_000L, budgetMib, "euler", 30, 0, 1024,
                0.5, -1, 0.42, 0.13));
    }

    @Test
    void aMissingComponentFileIsRefused() throws Exception {
        TinyDiffusionModels.write(dir);
        Files.delete(dir.resolve("controlnet.onnx"));

        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("controlnet: file controlnet.onnx is missing");
    }

    @Test
    void aMissingManifestIsRefused() {
        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("manifest.json is missing");
    }

    @Test
    void aWrongInputNameIsRefusedNamingFileAndTensor() {
        TinyDiffusionModels.write(dir);
        TinyDiffusionModels.save(dir.resolve("unet.onnx"), TinyDiffusionModels.unet("latents", DataType.FLOAT));

        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("unet (unet.onnx): input 'sample' expected, found inputs")
                .hasMessageContaining("latents");
    }

    @Test
    void aWrongDtypeIsRefused() {
        TinyDiffusionModels.write(dir);
        TinyDiffusionModels.save(dir.resolve("text_encoder.onnx"), TinyDiffusionModels.textEncoder(false, DataType.FLOAT));

        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("textEncoder (text_encoder.onnx): input 'input_ids': dtype expected int64 or int32, found float");
    }

    @Test
    void aWrongFixedDimensionIsRefused() {
        TinyDiffusionModels.write(dir);
        TinyDiffusionModels.save(dir.resolve("face_embedder.onnx"), TinyDiffusionModels.embedder(128, DataType.FLOAT));

        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("faceEmbedder (face_embedder.onnx): input 'image': dimension 2 expected 112")
                .hasMessageContaining("found 128");
    }

    @Test
    void aDimensionFixedByTheManifestIsChecked() {
        TinyDiffusionModels.write(dir);
        TinyDiffusionModels.save(dir.resolve("face_detector.onnx"), TinyDiffusionModels.detector(32));

        assertThatThrownBy(() -> open(null)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("faceDetector (face_detector.onnx): input 'image': dimension 2 expected 64 (detectorInput)");
    }

    @Test
    void modelsLargerThanTheVramBudgetAreRefused() {
        TinyDiffusionModels.write(dir);

        assertThatThrownBy(() -> open(0L)).isInstanceOf(ModelFolderMismatch.class)
                .hasMessageContaining("over the VRAM budget of 0 MiB");
    }

    @Test
    void float16ComponentsAreAccepted() {
        TinyDiffusionModels.write(dir);
        TinyDiffusionModels.save(dir.resolve("vae_decoder.onnx"), TinyDiffusionModels.vaeDecoder(DataType.FLOAT16));

        open(null).close();
    }
}
