package io.headshots.upscaler.cli;

import io.headshots.upscaler.engine.TestImages;
import io.headshots.upscaler.engine.TinyModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpscaleCommandTests {

    @TempDir
    Path work;
    Path models;
    StringWriter err;

    @BeforeEach
    void writeModels() throws IOException {
        models = TinyModels.writeAll(work.resolve("models"));
        err = new StringWriter();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--models-dir", models.toString(), "--model", TinyModels.X4));
        CommandLine cli = UpscaleCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(all.toArray(String[]::new));
    }

    private static BufferedImage read(Path file) throws IOException {
        return TestImages.decode(Files.readAllBytes(file));
    }

    @Test
    void upscalesOneFileFourTimesByDefault() throws IOException {
        Path in = work.resolve("photo.jpg");
        Files.write(in, TestImages.jpeg(TestImages.rgb(30, 20, 1)));
        Path out = work.resolve("big.png");

        assertThat(run(in.toString(), out.toString())).isZero();

        BufferedImage image = read(out);
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(80);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sizeGivesExactlyThatBoxAndAJpegExtensionGivesJpeg() throws IOException {
        Path in = work.resolve("portrait.png");
        Files.write(in, TestImages.png(TestImages.rgb(30, 40, 1)));
        Path out = work.resolve("square.jpg");

        assertThat(run(in.toString(), out.toString(), "--size", "100x100")).isZero();

        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        BufferedImage image = read(out);
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(100);
    }

    @Test
    void aDirectoryIsUpscaledFileByFileIntoTheOutputDirectory() throws IOException {
        Path in = Files.createDirectory(work.resolve("in"));
        Files.write(in.resolve("a.png"), TestImages.png(TestImages.rgb(10, 12, 1)));
        Files.write(in.resolve("b.JPG"), TestImages.jpeg(TestImages.rgb(14, 8, 2)));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = work.resolve("out");

        assertThat(run(in.toString(), out.toString(), "--scale", "2")).isZero();

        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("a.png", "b.png");
        }
        assertThat(read(out.resolve("a.png")).getWidth()).isEqualTo(20);
        assertThat(read(out.resolve("b.png")).getHeight()).isEqualTo(16);
    }

    @Test
    void inputsWhoseNamesCollideGetDistinctResults() throws IOException {
        Path in = Files.createDirectory(work.resolve("in"));
        Files.write(in.resolve("a.jpg"), TestImages.jpeg(TestImages.rgb(10, 12, 1)));
        Files.write(in.resolve("a.png"), TestImages.png(TestImages.rgb(14, 8, 2)));
        Path out = work.resolve("out");

        assertThat(run(in.toString(), out.toString(), "--scale", "2")).isZero();

        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("a-jpg.png", "a-png.png");
        }
        assertThat(read(out.resolve("a-jpg.png")).getWidth()).isEqualTo(20);
        assertThat(read(out.resolve("a-png.png")).getWidth()).isEqualTo(28);
    }

    @Test
    void aDirectoryUpscaledIntoItselfIsRefusedAndNoInputIsTouched() throws IOException {
        Path in = Files.createDirectory(work.resolve("in"));
        byte[] original = TestImages.png(TestImages.rgb(10, 12, 1));
        Files.write(in.resolve("a.png"), original);

        int code = run(in.toString(), in.toString(), "--scale", "2");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("would overwrite an input");
        assertThat(Files.readAllBytes(in.resolve("a.png"))).isEqualTo(original);
    }

    @Test
    void aFileUpscaledOntoItselfIsRefused() throws IOException {
        Path in = work.resolve("a.png");
        byte[] original = TestImages.png(TestImages.rgb(10, 12, 1));
        Files.write(in, original);

        assertThat(run(in.toString(), in.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("would overwrite an input");
        assertThat(Files.readAllBytes(in)).isEqualTo(original);
    }

    @Test
    void aBadImageFailsWithOneLineNamingTheFileAndReasonAndNoStackTrace() throws IOException {
        Path in = work.resolve("broken.jpg");
        Files.write(in, TestImages.truncated(TestImages.jpeg(TestImages.rgb(64, 64, 1)), 0.5));
        Path out = work.resolve("out.png");

        int code = run(in.toString(), out.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("broken.jpg").contains("undecodable_image").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void oneBadFileInADirectoryDoesNotStopTheOthers() throws IOException {
        Path in = Files.createDirectory(work.resolve("in"));
        Files.write(in.resolve("a.png"), new byte[0]);
        Files.write(in.resolve("b.png"), TestImages.png(TestImages.rgb(10, 10, 1)));
        Path out = work.resolve("out");

        assertThat(run(in.toString(), out.toString())).isEqualTo(1);

        assertThat(out.resolve("b.png")).exists();
        assertThat(err.toString().lines()).singleElement().asString().contains("a.png").contains("undecodable_image");
    }

    @Test
    void aMissingInputIsOneLineAndExitOne() {
        int code = run(work.resolve("nope.png").toString(), work.resolve("out.png").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().contains("no such file");
    }

    @Test
    void anUnknownModelNamesTheModel() throws IOException {
        Path in = work.resolve("a.png");
        Files.write(in, TestImages.png(TestImages.rgb(10, 10, 1)));
        CommandLine cli = UpscaleCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute(in.toString(), work.resolve("o.png").toString(), "--models-dir", models.toString(), "--model", "nonesuch");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("unknown_model").contains("nonesuch");
    }

    @Test
    void scaleAndSizeTogetherAreAUsageError() throws IOException {
        Path in = work.resolve("a.png");
        Files.write(in, TestImages.png(TestImages.rgb(10, 10, 1)));

        int code = run(in.toString(), work.resolve("o.png").toString(), "--scale", "2", "--size", "64x64");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void anUnsupportedScaleOrMalformedSizeIsAUsageError() throws IOException {
        Path in = work.resolve("a.png");
        Files.write(in, TestImages.png(TestImages.rgb(10, 10, 1)));

        assertThat(run(in.toString(), work.resolve("o.png").toString(), "--scale", "5")).isEqualTo(2);
        assertThat(run(in.toString(), work.resolve("o.png").toString(), "--size", "big")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("upscale: "));
    }

    private int runNaming(String model, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--models-dir", models.toString(), "--model", model));
        CommandLine cli = UpscaleCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void anOnnxFileAnywhereCanBeNamedByPath() throws IOException {
        Path elsewhere = Files.createDirectories(work.resolve("my models"));
        Path own = Files.copy(models.resolve(TinyModels.X4 + ".onnx"), elsewhere.resolve("My Own x4.onnx"));
        Path in = work.resolve("photo.png");
        Files.write(in, TestImages.png(TestImages.rgb(30, 20, 1)));
        Path out = work.resolve("big.png");

        assertThat(runNaming(own.toString(), in.toString(), out.toString())).isZero();

        assertThat(read(out).getWidth()).isEqualTo(120);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anNcnnModelByPathIsAUsageErrorThatSaysHowToConvertIt() throws IOException {
        Path in = work.resolve("photo.png");
        Files.write(in, TestImages.png(TestImages.rgb(30, 20, 1)));

        assertThat(runNaming(work.resolve("x.param").toString(), in.toString(), work.resolve("o.png").toString()))
                .isEqualTo(UpscaleCommand.USAGE);

        assertThat(err.toString()).contains("ncnn model").contains("./dev models").doesNotContain("\n\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
