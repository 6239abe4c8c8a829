package io.headshots.generator.engine.diffusion;

import static io.headshots.generator.engine.diffusion.DiffusionEngineTests.PARAMS;
import static io.headshots.generator.engine.diffusion.DiffusionEngineTests.options;
import static io.headshots.generator.engine.diffusion.DiffusionEngineTests.photo;
import static io.headshots.generator.engine.diffusion.DiffusionEngineTests.pixels;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.diffusion.TinyDiffusionModels.IpScale;

/**
 * The engine's paths for export differences, on the tiny graphs: the UNet's optional
 * {@code ip_scale} input, text encoders with int32 {@code input_ids}, and the tiled VAE decode
 * when the generation is larger than {@code vae-tile-size}.
 */
class DiffusionEngineExportVariantsTests {
    @TempDir
    static Path dir;
    /** The plain folder: no {@code ip_scale}, int64 ids, tiles of 1024 pixels. */
    static DiffusionEngine plain;

    @BeforeAll
    static void open() {
        TinyDiffusionModels.write(dir);
        plain = new DiffusionEngine(options(dir, "euler", 1024));
    }

    @AfterAll
    static void close() {
        plain.close();
    }

    static DiffusionStyles.Params identityStrength(double s) {
        return new DiffusionStyles.Params(PARAMS.name(), PARAMS.prompt(), PARAMS.negativePrompt(), PARAMS.steps(),
                PARAMS.guidance(), s, PARAMS.controlStrength(), PARAMS.size(), PARAMS.seed());
    }

    static int[] generate(DiffusionEngine engine, DiffusionStyles.Params params) {
        return pixels(engine.generate(photo(), params, 0, params.size(), GenerationListener.NONE));
    }

    /** The largest difference of one 8-bit channel between two images of the same size. */
    static int worstChannelDifference(int[] a, int[] b) {
        assertThat(a).hasSameSizeAs(b);
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                worst = Math.max(worst, Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff)));
            }
        }
        return worst;
    }

    static Path folderWithUnet(Path folder, IpScale ipScale) {
        TinyDiffusionModels.write(folder);
        TinyDiffusionModels.save(folder.resolve("unet.onnx"), TinyDiffusionModels.unet(ipScale));
        return folder;
    }

    // ---- ip_scale ----

    @Test
    void identityTokensMatterToTheTinyUnetSoTheIpScaleTestsCanSeeThem() {
        assertThat(generate(plain, identityStrength(0.3))).isNotEqualTo(generate(plain, identityStrength(1.0)));
    }

    @Test
    void whenTheUnetTakesIpScaleTheIdentityStrengthGoesThereAndGivesTheImageOfScaledTokens(@TempDir Path ipDir) {
        try (DiffusionEngine ip = new DiffusionEngine(options(folderWithUnet(ipDir, IpScale.SCALES_IDENTITY_TOKENS),
                "euler", 1024))) {
            int[] weak = generate(ip, identityStrength(0.3));
            int[] strong = generate(ip, identityStrength(0.9));

            // the strength reaches the graph through ip_scale
            assertThat(weak).isNotEqualTo(strong);
            // ip_scale × unscaled tokens inside the graph = the engine's own scaling of the tokens:
            // the strength is fed once, as itself (not squared, not left at 1)
            assertThat(worstChannelDifference(weak, generate(plain, identityStrength(0.3)))).isLessThanOrEqualTo(1);
            assertThat(worstChannelDifference(strong, generate(plain, identityStrength(0.9)))).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void whenTheUnetTakesIpScaleTheIdentityTokensArePassedUnscaled(@TempDir Path ipDir) {
        try (DiffusionEngine ignoresIp = new DiffusionEngine(options(folderWithUnet(ipDir, IpScale.IGNORED), "euler",
                1024))) {
            int[] weak = generate(ignoresIp, identityStrength(0.3));
            int[] strong = generate(ignoresIp, identityStrength(0.9));

            // a graph that ignores ip_scale sees the same tokens whatever the strength ...
            assertThat(strong).isEqualTo(weak);
            // ... and they are the tokens at full strength
            assertThat(worstChannelDifference(weak, generate(plain, identityStrength(1.0)))).isLessThanOrEqualTo(1);
        }
    }

    // ---- int32 input_ids ----

    @Test
    void textEncodersWithInt32InputIdsAreAcceptedAndGiveTheImageOfTheInt64Export(@TempDir Path intDir)
            throws Exception {
        TinyDiffusionModels.write(intDir);
        TinyDiffusionModels.save(intDir.resolve("text_encoder.onnx"), TinyDiffusionModels.textEncoder(false,
                DataType.INT32));
        TinyDiffusionModels.save(intDir.resolve("text_encoder_2.onnx"), TinyDiffusionModels.textEncoder(true,
                DataType.INT32));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String file : new String[]{"text_encoder.onnx", "text_encoder_2.onnx"}) {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                 OrtSession s = env.createSession(intDir.resolve(file).toString(), o)) {
                assertThat(((TensorInfo) s.getInputInfo().get("input_ids").getInfo()).type)
                        .as(file).isEqualTo(OnnxJavaType.INT32);
            }
        }

        try (DiffusionEngine int32 = new DiffusionEngine(options(intDir, "euler", 1024))) {
            // guided: both prompts (and so both encoders twice) run with int32 ids
            assertThat(generate(int32, PARAMS)).isEqualTo(generate(plain, PARAMS));
            // a different prompt still changes the image: the ids are read, not zeros
            assertThat(generate(int32, PARAMS.withNegativePrompt("hello"))).isNotEqualTo(generate(int32, PARAMS));
        }
    }

    // ---- tiled VAE decode ----

    @Test
    void aGenerationLargerThanTheVaeTileSizeDecodesInTilesToTheUntiledImage() {
        // 128 px = 16 latent cells; tiles of 64 px = 8 cells, 1-cell overlap, stride 7: 3×3 tiles at
        // cells 0, 7 and 8 (the last moved back to end at the edge)
        DiffusionStyles.Params large = PARAMS.withSize(128);
        try (DiffusionEngine tiled = new DiffusionEngine(options(dir, "euler", 64))) {
            Headshot t = tiled.generate(photo(), large, 0, 128, GenerationListener.NONE);
            Headshot whole = plain.generate(photo(), large, 0, 128, GenerationListener.NONE);

            assertThat(t.image().getWidth()).isEqualTo(128);
            assertThat(t.image().getHeight()).isEqualTo(128);
            assertThat(worstChannelDifference(pixels(t), pixels(whole))).isLessThanOrEqualTo(1);

            Headshot resized = tiled.generate(photo(), large, 0, 100, GenerationListener.NONE);
            assertThat(resized.image().getWidth()).isEqualTo(100);
            assertThat(resized.image().getHeight()).isEqualTo(100);
        }
    }

    @Test
    void theEngineHonoursTheVaeTileSizeADecoderThatSeesItsInputWidthShowsTheTiles(@TempDir Path extentDir) {
        TinyDiffusionModels.write(extentDir);
        TinyDiffusionModels.save(extentDir.resolve("vae_decoder.onnx"),
                TinyDiffusionModels.extentRevealingVaeDecoder());
        DiffusionStyles.Params large = PARAMS.withSize(128);
        try (DiffusionEngine tiled = new DiffusionEngine(options(extentDir, "euler", 64));
             DiffusionEngine untiled = new DiffusionEngine(options(extentDir, "euler", 1024));
             DiffusionEngine oneTile = new DiffusionEngine(options(extentDir, "euler", 128))) {
            int[] inTiles = generate(tiled, large);
            int[] whole = generate(untiled, large);

            // tiles of 8 cells are decoded with a different shift than the whole 16-cell latent
            assertThat(worstChannelDifference(inTiles, whole)).isGreaterThan(3);
            // a generation that fits one tile exactly is decoded in one call
            assertThat(generate(oneTile, large)).isEqualTo(whole);
        }
    }
}
