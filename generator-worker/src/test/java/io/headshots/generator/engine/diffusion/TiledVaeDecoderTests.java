package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

class TiledVaeDecoderTests {
    @TempDir
    Path dir;

    @Test
    void tiledDecodeEqualsTheWholeDecodeOnAPointwiseDecoder() throws Exception {
        Path file = dir.resolve("vae.onnx");
        TinyDiffusionModels.save(file, TinyDiffusionModels.vaeDecoder(DataType.FLOAT));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file.toString(), o)) {
            TiledVaeDecoder vae = new TiledVaeDecoder(env, session, 8, 0.5);
            int h = 40;
            int w = 24;
            float[] latents = new float[4 * h * w];
            Random r = new Random(7);
            for (int i = 0; i < latents.length; i++) {
                latents[i] = (float) r.nextGaussian();
            }

            float[] whole = vae.decode(latents, 4, h, w, 4096);
            float[] tiled = vae.decode(latents, 4, h, w, 128); // 16-cell tiles, 2-cell overlap: 3x2 tiles

            assertThat(tiled).hasSize(3 * h * 8 * w * 8);
            float worst = 0;
            for (int i = 0; i < whole.length; i++) {
                worst = Math.max(worst, Math.abs(whole[i] - tiled[i]));
            }
            assertThat(worst).isLessThan(1e-5f);
        }
    }
}
