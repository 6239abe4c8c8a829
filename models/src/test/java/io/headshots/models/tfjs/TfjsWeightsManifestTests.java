package io.headshots.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsManifestTests {

    private static final String MANIFEST = """
            [{"paths": ["w.bin"], "weights": [
              {"name": "q", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
              {"name": "f", "shape": [2], "dtype": "float32"}]}]
            """;

    @TempDir
    Path dir;

    @Test
    void uint8WeightsDecodeAsQTimesScalePlusMinAndFloat32AsIs() throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0).put((byte) 1).put((byte) 4).put((byte) 255).putFloat(1.25f).putFloat(-3f);
        Path shard = Files.write(dir.resolve("w.bin"), bytes.array());
        TfjsWeightsManifest manifest = TfjsWeightsManifest.parse(MANIFEST);

        Map<String, TfjsTensor> weights = manifest.read(Map.of("w.bin", shard));

        assertThat(manifest.shardPaths()).containsExactly("w.bin");
        assertThat(weights.get("q").shape()).containsExactly(2, 2);
        assertThat(weights.get("q").values()).containsExactly(-1f, -0.5f, 1f, 126.5f);
        assertThat(weights.get("f").values()).containsExactly(1.25f, -3f);
    }

    @Test
    void shardsLongerOrShorterThanTheListedWeightsAreRefused() throws Exception {
        Path tooLong = Files.write(dir.resolve("long.bin"), new byte[13]);
        Path tooShort = Files.write(dir.resolve("short.bin"), new byte[11]);
        TfjsWeightsManifest manifest = TfjsWeightsManifest.parse(MANIFEST);

        assertThatThrownBy(() -> manifest.read(Map.of("w.bin", tooLong))).isInstanceOf(TfjsFormatException.class)
                .hasMessageContaining("1 bytes more");
        assertThatThrownBy(() -> manifest.read(Map.of("w.bin", tooShort))).isInstanceOf(TfjsFormatException.class)
                .hasMessageContaining("early");
    }

    @Test
    void theNetworkRefusesWeightsItDoesNotKnow() {
        Map<String, TfjsTensor> weights = Map.of("stray", new TfjsTensor("stray", new int[] {1}, new float[] {0}));

        assertThatThrownBy(() -> FaceRecognitionNetToOnnx.convert(weights, Map.of()))
                .isInstanceOf(TfjsFormatException.class).hasMessageContaining("missing weight conv32_down/conv/filters");
    }
}
