package io.headshots.models.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.headshots.models.ModelStore;
import io.headshots.models.ncnn.HalfFloat;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class HalfPrecisionVariantTests {

    @Test
    void everyFiniteHalfSurvivesTheRoundTripExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short half = (short) bits;
            if ((bits & 0x7C00) == 0x7C00) {
                continue; // infinities and NaNs
            }
            assertThat(HalfPrecisionVariant.toHalfBits(HalfFloat.toFloat(half))).as("0x%04x", bits).isEqualTo(half);
        }
    }

    @Test
    void floatsRoundToTheNearestHalfTiesToEven() {
        assertThat(HalfFloat.toFloat(HalfPrecisionVariant.toHalfBits(1f + 1f / 2048))).isEqualTo(1f); // tie, even stays
        assertThat(HalfFloat.toFloat(HalfPrecisionVariant.toHalfBits(1f + 3f / 2048))).isEqualTo(1f + 2f / 1024); // tie, up to even
        assertThat(HalfFloat.toFloat(HalfPrecisionVariant.toHalfBits(1f + 0.6f / 1024))).isEqualTo(1f + 1f / 1024);
        assertThat(HalfFloat.toFloat(HalfPrecisionVariant.toHalfBits(1e6f))).isInfinite();
        assertThat(HalfFloat.toFloat(HalfPrecisionVariant.toHalfBits(1e-9f))).isZero();
    }

    @Test
    void theVariantKeepsAFloatInterfaceAndResizeScalesAndFreesTheBatch() throws Exception {
        ModelProto fp32;
        try (InputStream in = Files.newInputStream(ModelStore.defaultStore().ensure("realesr-animevideov3-x2"))) {
            fp32 = ModelProto.parseFrom(in);
        }

        ModelProto half = HalfPrecisionVariant.of(fp32);

        var graph = half.getGraph();
        assertThat(graph.getNode(0).getOpType()).isEqualTo("Cast");
        assertThat(graph.getNode(graph.getNodeCount() - 1).getOutput(0)).isEqualTo("output");
        assertThat(graph.getInput(0).getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
        assertThat(graph.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("batch");
        java.util.Set<String> scales = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Resize"))
                .map(n -> n.getInput(2)).collect(java.util.stream.Collectors.toSet());
        assertThat(scales).isNotEmpty();
        for (TensorProto init : graph.getInitializerList()) {
            int expected = scales.contains(init.getName()) ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.FLOAT16_VALUE;
            if (init.getDataType() != TensorProto.DataType.INT64_VALUE) {
                assertThat(init.getDataType()).as(init.getName()).isEqualTo(expected);
            }
        }
        assertThat(half.getSerializedSize()).isLessThan(fp32.getSerializedSize() * 6 / 10);
    }
}
