package io.headshots.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headshots.models.ncnn.LayerWeights;
import io.headshots.models.ncnn.NcnnFormatException;
import io.headshots.models.ncnn.NcnnGraph;
import io.headshots.models.ncnn.NcnnModelBin;
import io.headshots.models.ncnn.NcnnParamParser;
import io.headshots.models.reference.OnnxRuntimeUpscaler;
import io.headshots.models.reference.ReferenceNcnnNet.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcnnToOnnxConverterTests {

    /** A 1x1 convolution that writes channel k = (k + 1) * input channel 0, then a x2 pixel shuffle. */
    private static final String SHUFFLE_GRAPH = """
            7767517
            3 3
            Input in 0 1 data
            Convolution expand 1 1 data wide 0=12 1=1 5=0 6=36
            PixelShuffle shuffle 1 1 wide output 0=2
            """;

    @TempDir
    Path dir;

    @Test
    void pixelShuffleTakesChannelsInNcnnOrder() throws Exception {
        Path model = convert(SHUFFLE_GRAPH, expandWeights());
        Tensor ones = new Tensor(3, 1, 1, new float[] {1f, 0f, 0f});

        try (OnnxRuntimeUpscaler runner = new OnnxRuntimeUpscaler(model)) {
            OnnxRuntimeUpscaler.Result result = runner.run(ones);

            assertThat(result.shape()).containsExactly(1, 3, 2, 2);
            // ncnn: out[c][i][j] = in[c*4 + i*2 + j], and in[k] = k + 1.
            float[] expected = new float[12];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        expected[(c * 2 + i) * 2 + j] = c * 4 + i * 2 + j + 1;
                    }
                }
            }
            assertThat(result.data()).containsExactly(expected);
        }
    }

    @Test
    void scaleComesFromTheGraphAndIsStoredInMetadata() throws Exception {
        NcnnGraph graph = new NcnnParamParser().parse(SHUFFLE_GRAPH);
        ConvertedModel converted = new NcnnToOnnxConverter()
                .convert(graph, LayerWeights.read(graph, new NcnnModelBin(expandWeights())), Map.of("name", "t"));

        assertThat(converted.scale()).isEqualTo(2.0);
        assertThat(converted.proto().getMetadataPropsList())
                .anySatisfy(p -> {
                    assertThat(p.getKey()).isEqualTo("scale");
                    assertThat(p.getValue()).isEqualTo("2");
                });
        assertThat(converted.proto().getGraph().getInput(0).getName()).isEqualTo("input");
        assertThat(converted.proto().getGraph().getOutput(0).getName()).isEqualTo("output");
    }

    @Test
    void unknownLayerTypeIsRefusedRatherThanGuessed() {
        NcnnGraph graph = new NcnnParamParser().parse("7767517\n2 2\nInput in 0 1 data\nSoftmax sm 1 1 data output\n");

        assertThatThrownBy(() -> LayerWeights.read(graph, new NcnnModelBin(new byte[0])))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("Softmax");
    }

    private Path convert(String param, byte[] bin) throws Exception {
        NcnnGraph graph = new NcnnParamParser().parse(param);
        Path file = dir.resolve("m.onnx");
        new NcnnToOnnxConverter().convert(graph, LayerWeights.read(graph, new NcnnModelBin(bin)), Map.of()).writeTo(file);
        return file;
    }

    private static byte[] expandWeights() {
        ByteBuffer b = ByteBuffer.allocate(4 + 36 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0);
        for (int out = 0; out < 12; out++) {
            b.putFloat(out + 1f).putFloat(0f).putFloat(0f);
        }
        return b.array();
    }
}
