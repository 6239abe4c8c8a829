package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;

/** The whole engine on the tiny graphs: loop, shapes, guidance, seeding, cancellation, schedulers, faces. */
class DiffusionEngineTests {
    @TempDir
    static Path dir;
    static DiffusionEngine euler;
    static DiffusionEngine dpm;

    static final DiffusionStyles.Params PARAMS =
            new DiffusionStyles.Params("test", "hello hello", "hi!", 4, 7, 0.8, 0.8, 64, 42);

    @BeforeAll
    static void open() {
        TinyDiffusionModels.write(dir);
        euler = new DiffusionEngine(options(dir, "euler", 1024));
        dpm = new DiffusionEngine(options(dir, "dpmpp-2m-karras", 1024));
    }

    @AfterAll
    static void close() {
        euler.close();
        dpm.close();
    }

    static DiffusionOptions options(Path folder, String scheduler, int tile) {
        return new DiffusionOptions(folder, "cpu", 1, 40_000_000L, null, scheduler, 30, 0, tile, 0.5, -1, 0.42, 0.13);
    }

    /** A grey photo with a light "face": the tiny detector finds its fixed face in any photo with a bright pixel. */
    static byte[] photo() {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(90, 100, 110));
        g.fillRect(0, 0, 256, 256);
        g.setColor(new Color(250, 220, 200));
        g.fillOval(70, 50, 116, 150);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(100, 105, 14, 10);
        g.fillOval(142, 105, 14, 10);
        g.dispose();
        return png(image);
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] pixels(Headshot h) {
        BufferedImage i = h.image();
        return i.getRGB(0, 0, i.getWidth(), i.getHeight(), null, 0, i.getWidth());
    }

    @Test
    void theLoopProducesAnImageOfTheGenerationSizeResizedToTheRequest() {
        Headshot same = euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE);
        Headshot larger = euler.generate(photo(), PARAMS.withSize(128), 0, 96, GenerationListener.NONE);

        assertThat(same.image().getWidth()).isEqualTo(64);
        assertThat(same.image().getHeight()).isEqualTo(64);
        assertThat(larger.image().getWidth()).isEqualTo(96);
        assertThat(larger.image().getHeight()).isEqualTo(96);
        assertThat(same.identity().cosine()).isBetween(-1.0, 1.0);
        assertThat(same.notes()).anyMatch(n -> n.contains("euler, 4 steps"));
        // not a flat image: the decoder saw varied latents
        assertThat(java.util.Arrays.stream(pixels(same)).distinct().count()).isGreaterThan(10);
    }

    @Test
    void sameSeedAndVariantGiveIdenticalPixelsAnotherVariantDiffers() {
        int[] first = pixels(euler.generate(photo(), PARAMS, 3, 64, GenerationListener.NONE));
        int[] again = pixels(euler.generate(photo(), PARAMS, 3, 64, GenerationListener.NONE));
        int[] other = pixels(euler.generate(photo(), PARAMS, 4, 64, GenerationListener.NONE));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void guidanceChangesTheResultAndItsUnconditionalBranchIsTheNegativePrompt() {
        int[] g1 = pixels(euler.generate(photo(), PARAMS.withGuidance(1), 0, 64, GenerationListener.NONE));
        int[] g7 = pixels(euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE));
        int[] g7otherNegative = pixels(euler.generate(photo(), PARAMS.withNegativePrompt("hello"), 0, 64,
                GenerationListener.NONE));
        int[] g1otherNegative = pixels(euler.generate(photo(), PARAMS.withGuidance(1).withNegativePrompt("hello"), 0,
                64, GenerationListener.NONE));

        assertThat(g7).isNotEqualTo(g1);
        // guided: both branches count, so the negative prompt matters
        assertThat(g7otherNegative).isNotEqualTo(g7);
        // guidance 1: the conditional branch only, the negative prompt is never run
        assertThat(g1otherNegative).isEqualTo(g1);
    }

    @Test
    void cancellationBetweenStepsStopsAfterExactlyTheStepsDone() {
        List<Integer> steps = new ArrayList<>();
        GenerationListener stopAfterTwo = new GenerationListener() {
            @Override
            public void step(int done, int total) {
                steps.add(done);
            }

            @Override
            public boolean cancelled() {
                return steps.size() >= 2;
            }
        };

        assertThatThrownBy(() -> euler.generate(photo(), PARAMS.withSteps(6), 0, 64, stopAfterTwo))
                .isInstanceOfSatisfying(GenerationFailure.class,
                        f -> assertThat(f.code()).isEqualTo(GenerationFailure.CANCELED));
        assertThat(steps).containsExactly(1, 2);
    }

    @Test
    void everyStepIsReportedAsDoneOfTotal() {
        List<String> reported = new ArrayList<>();
        euler.generate(photo(), PARAMS.withSteps(3), 0, 64, new GenerationListener() {
            @Override
            public void step(int done, int total) {
                reported.add(done + "/" + total);
            }
        });

        assertThat(reported).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void eulerAndDpmPlusPlusBothRunAndDiffer() {
        Headshot e = euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE);
        Headshot d = dpm.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE);

        assertThat(d.image().getWidth()).isEqualTo(64);
        assertThat(pixels(d)).isNotEqualTo(pixels(e));
        assertThat(d.notes()).anyMatch(n -> n.contains("dpmpp-2m-karras"));
    }

    @Test
    void aPhotoWithoutAFaceFailsWithNoFace() {
        byte[] black = png(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB));

        assertThatThrownBy(() -> euler.generate(black, PARAMS, 0, 64, GenerationListener.NONE))
                .isInstanceOfSatisfying(GenerationFailure.class,
                        f -> assertThat(f.code()).isEqualTo(GenerationFailure.NO_FACE));
    }

    @Test
    void fullControlStrengthPassesTheResidualsStraightThroughAndChangesTheResult() {
        int[] scaled = pixels(euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE));
        int[] full = pixels(euler.generate(photo(), new DiffusionStyles.Params("test", "hello hello", "hi!", 4, 7, 0.8,
                1.0, 64, 42), 0, 64, GenerationListener.NONE));

        assertThat(full).isNotEqualTo(scaled);
    }

    @Test
    void exportsWithTheBatchFixedAtOneRunBothGuidanceRowsSeparatelyWithTheSameResult(@TempDir Path oneDir) {
        TinyDiffusionModels.write(oneDir);
        TinyDiffusionModels.save(oneDir.resolve("controlnet.onnx"), TinyDiffusionModels.controlnet(1));
        TinyDiffusionModels.save(oneDir.resolve("unet.onnx"), TinyDiffusionModels.unet("sample", DataType.FLOAT, 1));
        try (DiffusionEngine rowByRow = new DiffusionEngine(options(oneDir, "euler", 1024))) {
            Headshot separate = rowByRow.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE);
            Headshot batched = euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE);

            assertThat(pixels(separate)).isEqualTo(pixels(batched));
        }
    }

    @Test
    void float16InputsAreFedAsFloat16(@TempDir Path halfDir) throws IOException {
        TinyDiffusionModels.write(halfDir);
        TinyDiffusionModels.save(halfDir.resolve("unet.onnx"), TinyDiffusionModels.unet("sample", DataType.FLOAT16));
        TinyDiffusionModels.save(halfDir.resolve("vae_decoder.onnx"), TinyDiffusionModels.vaeDecoder(DataType.FLOAT16));
        TinyDiffusionModels.save(halfDir.resolve("face_embedder.onnx"),
                TinyDiffusionModels.embedder(112, DataType.FLOAT16));
        try (DiffusionEngine half = new DiffusionEngine(options(halfDir, "euler", 1024))) {
            int[] h = pixels(half.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE));
            int[] f = pixels(euler.generate(photo(), PARAMS, 0, 64, GenerationListener.NONE));

            assertThat(h).hasSameSizeAs(f);
            long close = 0;
            for (int i = 0; i < h.length; i++) {
                close += Math.abs(((h[i] >> 8) & 0xff) - ((f[i] >> 8) & 0xff)) <= 6 ? 1 : 0;
            }
            assertThat(close).isGreaterThan(h.length * 9L / 10);
        }
        assertThat(Files.exists(halfDir.resolve("manifest.json"))).isTrue();
    }
}
