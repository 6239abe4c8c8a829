package io.headshots.models.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NcnnParamParserTests {

    private static final String SMALL_GRAPH = """
            7767517
            5 6
            Input            input.1   0 1 data
            Split            split0    1 2 data d0 d1
            Convolution      conv0     1 1 d1 c0 0=8 1=3 4=1 5=1 6=216 9=2 -23310=1,2.000000e-01
            Eltwise          add0      2 1 c0 d0 e0 0=1 -23301=2,2.000000e-01,1.000000e+00
            Interp           up        1 1 e0 output 0=1 1=4.000000e+00 2=4.0
            """;

    private final NcnnParamParser parser = new NcnnParamParser();

    @Test
    void readsLayersBlobsAndParametersInFileOrder() {
        NcnnGraph graph = parser.parse(SMALL_GRAPH);

        assertThat(graph.layers()).extracting(NcnnLayer::type)
                .containsExactly("Input", "Split", "Convolution", "Eltwise", "Interp");
        NcnnLayer split = graph.layers().get(1);
        assertThat(split.bottoms()).containsExactly("data");
        assertThat(split.tops()).containsExactly("d0", "d1");
        assertThat(graph.inputBlob()).isEqualTo("data");
        assertThat(graph.outputBlob()).isEqualTo("output");
    }

    @Test
    void scalarParametersKeepIntAndFloatValues() {
        ParamDict conv = parser.parse(SMALL_GRAPH).layers().get(2).params();

        assertThat(conv.getInt(0, -1)).isEqualTo(8);
        assertThat(conv.getInt(6, -1)).isEqualTo(216);
        assertThat(conv.getInt(11, 3)).as("absent id falls back to the default").isEqualTo(3);
        ParamDict interp = parser.parse(SMALL_GRAPH).layers().get(4).params();
        assertThat(interp.getFloat(1, 0f)).isEqualTo(4.0f);
        assertThat(interp.getFloat(2, 0f)).isEqualTo(4.0f);
    }

    @Test
    void negativeKeysBelowMinus23300AreArraysOfTheMatchingId() {
        List<NcnnLayer> layers = parser.parse(SMALL_GRAPH).layers();

        assertThat(layers.get(2).params().getFloats(10)).containsExactly(0.2f);
        assertThat(layers.get(3).params().getFloats(1)).containsExactly(0.2f, 1.0f);
        assertThat(layers.get(3).params().getFloats(7)).isEmpty();
    }

    @Test
    void arrayWhoseCountDisagreesWithItsValuesIsRejected() {
        assertThatThrownBy(() -> ParamDict.parse(List.of("-23301=3,1.0,2.0")))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("declares 3");
    }

    @Test
    void fileWithoutMagicNumberIsRejected() {
        assertThatThrownBy(() -> parser.parse("1234\n1 1\nInput in 0 1 data\n"))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("7767517");
    }

    @Test
    void layerCountMustMatchHeader() {
        assertThatThrownBy(() -> parser.parse("7767517\n2 1\nInput in 0 1 data\n"))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("declares 2 layers");
    }
}
