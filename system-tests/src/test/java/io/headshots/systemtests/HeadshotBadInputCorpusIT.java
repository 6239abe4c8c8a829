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
import io.headshots.generator.TestPhotos;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.HostileInputs;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * The hostile-input corpus of {@link BadInputCorpusIT}, sent to {@code POST /v1/headshots} and a generator
 * worker on the default engine with its real models. The gateway answers as it does for upscales; what it
 * accepts, the generator reads as the upscaler does (the same code, platform's image package): a JPEG cut
 * in its scan data fails {@code undecodable_image} instead of being framed with a grey fill, and every
 * unusual but valid image (CMYK, 16-bit, palette, EXIF-rotated, huge metadata, a zlib bomb within the
 * pixel limit) is read, and fails only for what it shows: {@code no_face}. A real portrait in the middle
 * becomes a headshot, and the worker stays up throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeadshotBadInputCorpusIT {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    private static TestSystem system;
    private static GatewayClient gateway;
    private static ServiceProcess generator;

    /** What must become of an input: a gateway problem, a task failure code, or a delivered headshot. */
    record Expect(int status, String code) {
        static Expect rejected(int status, String code) {
            return new Expect(status, code);
        }

        static Expect failsWith(String code) {
            return new Expect(202, code);
        }

        static Expect succeeds() {
            return new Expect(202, null);
        }

        @Override
        public String toString() {
            return status != 202 ? status + " " + code : code == null ? "a headshot" : "task fails " + code;
        }
    }

    @BeforeAll
    static void start() {
        system = TestSystem.get();
        gateway = system.client(GatewayClient.FREE_KEY);
        generator = system.newGenerator(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (generator != null) {
            generator.kill();
        }
    }

    static Stream<Arguments> corpus() {
        byte[] png = Images.png(32, 24);
        byte[] jpeg = Images.jpeg(32, 24);
        return Stream.of(
                photo("zero bytes", new byte[0], Expect.rejected(400, "image_empty")),
                photo("wrong magic", flipFirstByte(png), Expect.rejected(415, "unsupported_format")),
                photo("animated GIF", HostileInputs.animatedGif(32, 24), Expect.rejected(415, "unsupported_format")),
                photo("PNG cut inside its data", Arrays.copyOf(png, png.length * 2 / 3),
                        Expect.rejected(422, "image_truncated")),
                photo("PNG with a wrong header checksum", HostileInputs.badHeaderChecksum(png),
                        Expect.rejected(422, "image_corrupt")),
                photo("JPEG cut inside its headers", Arrays.copyOf(jpeg, 40), Expect.rejected(422, "image_truncated")),
                photo("JPEG without a frame header", HostileInputs.jpegWithoutFrame(jpeg),
                        Expect.rejected(422, "image_corrupt")),
                photo("pixel bomb: PNG declaring 100000x100000", HostileInputs.pngDeclaring(100_000, 100_000),
                        Expect.rejected(422, "image_too_many_pixels")),
                photo("animated PNG", HostileInputs.apng(png), Expect.rejected(422, "image_animated")),
                photo("1x1 image", Images.png(1, 1), Expect.rejected(422, "image_too_small")),
                // accepted by the gateway, so the generator's own reading decides
                photo("JPEG with intact headers, scan data cut", HostileInputs.jpegCutInScan(Images.jpeg(64, 48)),
                        Expect.failsWith("undecodable_image")),
                photo("a real portrait, cut in its scan data", HostileInputs.jpegCutInScan(TestPhotos.portrait()),
                        Expect.failsWith("undecodable_image")),
                photo("a real portrait in the middle of the corpus", TestPhotos.portrait(), Expect.succeeds()),
                photo("zlib bomb: 6000x6000 PNG in 40 KB", HostileInputs.zlibBomb(6000), Expect.failsWith("no_face")),
                photo("CMYK JPEG", HostileInputs.cmykJpeg(32, 24), Expect.failsWith("no_face")),
                photo("16-bit RGB PNG", HostileInputs.rgb16(32, 24), Expect.failsWith("no_face")),
                photo("16-bit gray PNG", HostileInputs.gray16(32, 24), Expect.failsWith("no_face")),
                photo("palette PNG with transparency", HostileInputs.paletteWithAlpha(32, 24), Expect.failsWith("no_face")),
                photo("gray and alpha PNG", HostileInputs.grayAlpha(32, 24), Expect.failsWith("no_face")),
                photo("progressive JPEG", HostileInputs.progressiveJpeg(32, 24), Expect.failsWith("no_face")),
                photo("JPEG with EXIF orientation 6", HostileInputs.withExifOrientation(jpeg, 6),
                        Expect.failsWith("no_face")),
                photo("PNG with 8 MiB of text metadata", HostileInputs.pngWithHugeText(png, 8),
                        Expect.failsWith("no_face")),
                photo("JPEG with 7.5 MiB of comment segments", HostileInputs.jpegWithHugeComments(jpeg, 120),
                        Expect.failsWith("no_face")));
    }

    private static Arguments photo(String name, byte[] bytes, Expect expect) {
        return Arguments.of(name, new Multipart().file("photo", "upload.png", "image/png", bytes)
                .fields("styles", "corporate", "count", "1"), expect);
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("corpus")
    void eachHostileInputGetsItsSpecificAnswerOnTheHeadshotPath(String name, Multipart form, Expect expect) {
        Answer answer = gateway.post("/v1/headshots", form);

        assertThat(answer.status()).as("%s: %s", name, answer.text()).isEqualTo(expect.status());
        if (expect.status() != 202) {
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.code()).isEqualTo(expect.code());
            return;
        }
        String id = answer.json().get("id").asText();
        JsonNode job = gateway.awaitTerminal(id, JOB_TIMEOUT);
        if (expect.code() == null) {
            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
            Answer output = gateway.get("/v1/jobs/" + id + "/outputs/" + job.at("/outputs/0/name").asText());
            assertThat(Images.size(output.response().body())).containsExactly(1024, 1024);
        } else {
            TaskResult result = system.jobs().results(id).get(0);
            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("failed");
            assertThat(result.outcome()).isEqualTo(TaskOutcome.FAILED);
            assertThat(result.errorCode()).as("%s: %s", name, result).isEqualTo(expect.code());
        }
        assertThat(generator.alive()).as("generator process alive").isTrue();
    }

    @Order(2)
    @Test
    void theGeneratorIsUpAndCountedEachFailure() {
        assertThat(generator.live()).as("generator /q/health/live").isTrue();
        assertThat(generator.metric("generator_failures_total", "code=\"undecodable_image\"")).isEqualTo(2);
        assertThat(generator.metric("generator_tasks_total", "outcome=\"succeeded\"")).isEqualTo(1);
    }

    private static byte[] flipFirstByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[0] = 'X';
        return copy;
    }
}
