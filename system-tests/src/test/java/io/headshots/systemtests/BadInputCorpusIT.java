package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.contracts.TaskOutcome;
import io.headshots.contracts.TaskResult;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.HostileInputs;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.StoredJob;
import io.headshots.systemtests.support.TestSystem;

/**
 * Hostile and broken inputs against the packaged gateway and worker. Each gets its specific answer:
 * a 4xx problem code from the gateway, or, for what the gateway rightly accepts, a specific task
 * outcome from the worker (success at the right size, or a failure code). Neither process is hurt:
 * the gateway's heap stays bounded, the worker stays up, and a normal job in the middle succeeds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static ServiceProcess worker;
    private static double heapBefore;

    /** What must become of an input. */
    record Expect(int status, String code, int width, int height) {
        static Expect rejected(int status, String code) {
            return new Expect(status, code, 0, 0);
        }

        static Expect succeeds(int width, int height) {
            return new Expect(202, null, width, height);
        }

        static Expect failsWith(String code) {
            return new Expect(202, code, 0, 0);
        }

        @Override
        public String toString() {
            return status != 202 ? status + " " + (code == null ? "(bare)" : code)
                    : code == null ? "succeeds " + width + "x" + height : "task fails " + code;
        }
    }

    @BeforeAll
    static void start() {
        system = TestSystem.get();
        gateway = system.client();
        worker = system.newWorker(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
        heapBefore = system.gateway().metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.kill();
        }
    }

    static Stream<Arguments> corpus() {
        byte[] png = Images.png(32, 24);
        byte[] jpeg = Images.jpeg(32, 24);
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '2'};
        byte[] overLimit = Arrays.copyOf(png, 20 * 1024 * 1024 + 1);
        byte[] overBody = Arrays.copyOf(png, 25 * 1024 * 1024);
        return Stream.of(
                // Bytes that are no image, or not one of ours
                image("zero bytes", new byte[0], Expect.rejected(400, "image_empty")),
                image("wrong magic (PNG with its first byte changed)", flipFirstByte(png),
                        Expect.rejected(415, "unsupported_format")),
                image("SVG sent as image/png", HostileInputs.text(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><script>alert(1)</script></svg>"),
                        Expect.rejected(415, "unsupported_format")),
                image("HTML sent as image/png", HostileInputs.text("<!DOCTYPE html><html><body><img src=x onerror=alert(1)>"),
                        Expect.rejected(415, "unsupported_format")),
                image("animated GIF", HostileInputs.animatedGif(32, 24), Expect.rejected(415, "unsupported_format")),
                image("BMP", Images.encode(Images.picture(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB), "bmp"),
                        Expect.rejected(415, "unsupported_format")),
                image("TIFF", Images.encode(Images.picture(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB), "tiff"),
                        Expect.rejected(415, "unsupported_format")),
                // Broken structure
                image("PNG cut inside its signature", Arrays.copyOf(png, 5), Expect.rejected(422, "image_truncated")),
                image("PNG cut inside its data", Arrays.copyOf(png, png.length * 2 / 3),
                        Expect.rejected(422, "image_truncated")),
                image("PNG with a wrong header checksum", HostileInputs.badHeaderChecksum(png),
                        Expect.rejected(422, "image_corrupt")),
                image("PNG without image data", HostileInputs.pngWithoutData(), Expect.rejected(422, "image_corrupt")),
                image("JPEG cut inside its headers", Arrays.copyOf(jpeg, 40), Expect.rejected(422, "image_truncated")),
                image("JPEG without a frame header", HostileInputs.jpegWithoutFrame(jpeg),
                        Expect.rejected(422, "image_corrupt")),
                image("JPEG with intact headers, scan data cut", HostileInputs.jpegCutInScan(Images.jpeg(64, 48)),
                        Expect.failsWith("undecodable_image")),
                // Bombs and sizes
                image("pixel bomb: PNG declaring 100000x100000", HostileInputs.pngDeclaring(100_000, 100_000),
                        Expect.rejected(422, "image_too_many_pixels")),
                image("huge dimensions in a tiny file: PNG declaring 2147483647x1",
                        HostileInputs.pngDeclaring(Integer.MAX_VALUE, 1), Expect.rejected(422, "image_too_many_pixels")),
                image("pixel bomb: JPEG frame declaring 65000x65000", HostileInputs.jpegDeclaring(jpeg, 65000, 65000),
                        Expect.rejected(422, "image_too_many_pixels")),
                image("pixel bomb: WebP canvas declaring 16384x16384",
                        HostileInputs.webpDeclaring(16384, 16384, false), Expect.rejected(422, "image_too_many_pixels")),
                image("zlib bomb: 6000x6000 PNG in 40 KB, at scale 2", HostileInputs.zlibBomb(6000),
                        Expect.rejected(422, "output_too_large")),
                // The model runs over the whole image before the resize: refused at the door, not after queueing.
                form("zlib bomb: 6000x6000 PNG in 40 KB, into a 64x64 box",
                        Multipart.image(HostileInputs.zlibBomb(6000)).fields("model", TestSystem.MODEL, "width", "64",
                                "height", "64"),
                        Expect.rejected(422, "output_too_large")),
                image("1x1 image", Images.png(1, 1), Expect.rejected(422, "image_too_small")),
                image("file above the 20 MiB upload limit", overLimit, Expect.rejected(413, "image_too_large")),
                image("body above the 24 MiB HTTP limit", overBody, Expect.rejected(413, null)),
                // Animation
                image("animated PNG", HostileInputs.apng(png), Expect.rejected(422, "image_animated")),
                image("animated WebP", HostileInputs.webpDeclaring(32, 24, true), Expect.rejected(422, "image_animated")),
                // Unusual but valid: accepted, and the worker must get them right
                image("CMYK JPEG", HostileInputs.cmykJpeg(32, 24), Expect.succeeds(64, 48)),
                image("16-bit RGB PNG", HostileInputs.rgb16(32, 24), Expect.succeeds(64, 48)),
                image("16-bit gray PNG", HostileInputs.gray16(32, 24), Expect.succeeds(64, 48)),
                form("a normal photo in the middle of the corpus", Multipart.image(png).fields("model", TestSystem.MODEL,
                        "scale", "2"), Expect.succeeds(64, 48)),
                image("palette PNG with transparency", HostileInputs.paletteWithAlpha(32, 24), Expect.succeeds(64, 48)),
                image("gray and alpha PNG", HostileInputs.grayAlpha(32, 24), Expect.succeeds(64, 48)),
                image("progressive JPEG", HostileInputs.progressiveJpeg(32, 24), Expect.succeeds(64, 48)),
                image("JPEG with EXIF orientation 6 (rotate 90)", HostileInputs.withExifOrientation(jpeg, 6),
                        Expect.succeeds(48, 64)),
                image("JPEG with EXIF orientation 8 (rotate 270)", HostileInputs.withExifOrientation(jpeg, 8),
                        Expect.succeeds(48, 64)),
                image("JPEG with EXIF orientation 3 (rotate 180)", HostileInputs.withExifOrientation(jpeg, 3),
                        Expect.succeeds(64, 48)),
                image("PNG with 8 MiB of text metadata", HostileInputs.pngWithHugeText(png, 8), Expect.succeeds(64, 48)),
                image("JPEG with 7.5 MiB of comment segments", HostileInputs.jpegWithHugeComments(jpeg, 120),
                        Expect.succeeds(64, 48)),
                // Hostile form fields and file names
                form("path-like file name ../../etc/passwd.png",
                        new Multipart().file("image", "../../etc/passwd.png", "image/png", png)
                                .fields("model", TestSystem.MODEL, "scale", "2"),
                        Expect.succeeds(64, 48)),
                form("file name of invalid UTF-8 and control characters",
                        new Multipart().file("image", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x01, '.', '.', '/', 'x'},
                                "image/png", png).fields("model", TestSystem.MODEL, "scale", "2"),
                        Expect.succeeds(64, 48)),
                form("invalid UTF-8 in scale", Multipart.image(png).field("scale", invalidUtf8),
                        Expect.rejected(400, "invalid_scale")),
                form("invalid UTF-8 in model", Multipart.image(png).field("model", invalidUtf8),
                        Expect.rejected(400, "unknown_model")),
                form("invalid UTF-8 in format", Multipart.image(png).field("format", invalidUtf8),
                        Expect.rejected(400, "invalid_output_format")),
                form("oversized model field (1 MiB)", Multipart.image(png).field("model", new byte[1 << 20]),
                        Expect.rejected(413, null)),
                form("no image part", new Multipart().fields("scale", "2"), Expect.rejected(400, "image_missing")));
    }

    private static Arguments image(String name, byte[] bytes, Expect expect) {
        return form(name, Multipart.image(bytes).fields("model", TestSystem.MODEL, "scale", "2"), expect);
    }

    private static Arguments form(String name, Multipart form, Expect expect) {
        return Arguments.of(name, form, expect);
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("corpus")
    void eachHostileInputGetsItsSpecificAnswer(String name, Multipart form, Expect expect) {
        Answer answer = gateway.upscale(form);

        assertThat(answer.status()).as("%s: %s", name, answer.text()).isEqualTo(expect.status());
        if (expect.status() != 202) {
            if (expect.code() != null) {
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
                assertThat(answer.code()).isEqualTo(expect.code());
            }
            return;
        }
        String id = answer.json().get("id").asText();
        JsonNode job = gateway.awaitTerminal(id, JOB_TIMEOUT);
        TaskResult result = system.jobs().results(id).get(0);
        if (expect.code() == null) {
            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
            assertThat(job.at("/outputs/0/width").asInt()).isEqualTo(expect.width());
            assertThat(job.at("/outputs/0/height").asInt()).isEqualTo(expect.height());
            Answer output = gateway.get("/v1/jobs/" + id + "/outputs/" + job.at("/outputs/0/name").asText());
            assertThat(output.status()).isEqualTo(200);
            byte[] image = output.response().body();
            java.nio.file.Path copy = system.work().resolve("outputs").resolve(id + ".out");
            try {
                java.nio.file.Files.createDirectories(copy.getParent());
                java.nio.file.Files.write(copy, image);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(Images.size(image)).as("output of %s (kept in %s)", name, copy)
                    .containsExactly(expect.width(), expect.height());
            // No user-chosen name ever reaches a key: exactly the keys of the scheme.
            assertThat(StoredJob.keys(system.jobs(), id)).isEqualTo(StoredJob.expectedWhenSucceeded(system.jobs(), id));
        } else {
            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("failed");
            assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
            assertThat(result.errorCode()).isEqualTo(expect.code());
            assertThat(job.at("/error/code").asText()).isEqualTo(expect.code());
        }
        assertThat(worker.alive()).as("worker process alive").isTrue();
    }

    @Order(2)
    @Test
    void neitherProcessIsHurtByTheCorpus() {
        ServiceProcess gatewayProcess = system.gateway();
        double heapAfter = gatewayProcess.metric("jvm_memory_used_bytes", "area=\"heap\"");
        double heapMax = gatewayProcess.metric("jvm_memory_max_bytes", "area=\"heap\"");
        // Loose on purpose: uploads go to disk, so the corpus' 60 MB must not show up in the heap.
        assertThat(heapAfter).as("gateway heap after the corpus (before: %.0f MB)", heapBefore / 1e6)
                .isLessThan(heapBefore + 96e6)
                .isLessThan(heapMax * 0.75);
        assertThat(gatewayProcess.live()).isTrue();
        assertThat(worker.alive()).isTrue();
        assertThat(worker.live()).as("worker /q/health/live").isTrue();
        // Only the JPEG cut in its scan data: nothing else the gateway accepts fails later.
        assertThat(worker.metric("upscaler_tasks_total", "outcome=\"failed\"")).as("failed tasks").isEqualTo(1);
    }

    private static byte[] flipFirstByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[0] = 'X';
        return copy;
    }
}
