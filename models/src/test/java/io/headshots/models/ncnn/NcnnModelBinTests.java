package io.headshots.models.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NcnnModelBinTests {

    @Test
    void halfFloatDecodesNormalsSubnormalsSignedZeroInfinityAndNaN() {
        assertThat(HalfFloat.toFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(HalfFloat.toFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(HalfFloat.toFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(HalfFloat.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(HalfFloat.toFloat((short) 0x0001)).as("smallest subnormal").isEqualTo(0x1p-24f);
        assertThat(HalfFloat.toFloat((short) 0x03FF)).as("largest subnormal").isEqualTo(1023 * 0x1p-24f);
        assertThat(HalfFloat.toFloat((short) 0x8200)).as("negative subnormal").isEqualTo(-512 * 0x1p-24f);
        assertThat(HalfFloat.toFloat((short) 0x0400)).as("smallest normal").isEqualTo(0x1p-14f);
        assertThat(Float.floatToIntBits(HalfFloat.toFloat((short) 0x8000))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(HalfFloat.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0x7E00)).isNaN();
    }

    @Test
    void fp16TaggedBlobIsDecodedAndPaddedToFourBytes() {
        // Three halves take 6 bytes; ncnn pads to 8, so the next blob starts after the padding.
        ByteBuffer b = bytes(4 + 8 + 4);
        b.putInt(NcnnModelBin.TAG_FP16).putShort((short) 0x3C00).putShort((short) 0x0001).putShort((short) 0xFC00)
                .putShort((short) 0x7777).putFloat(2.5f);

        NcnnModelBin bin = new NcnnModelBin(b.array());

        assertThat(bin.loadTagged(3)).containsExactly(1.0f, 0x1p-24f, Float.NEGATIVE_INFINITY);
        assertThat(bin.loadRaw(1)).containsExactly(2.5f);
        assertThat(bin.remaining()).isZero();
    }

    @Test
    void zeroTagMeansRawFp32() {
        ByteBuffer b = bytes(4 + 8);
        b.putInt(0).putFloat(-1.5f).putFloat(3f);

        assertThat(new NcnnModelBin(b.array()).loadTagged(2)).containsExactly(-1.5f, 3f);
    }

    @Test
    void untaggedBlobIsRawFp32FromTheFirstByte() {
        ByteBuffer b = bytes(8);
        b.putFloat(0.25f).putFloat(7f);

        assertThat(new NcnnModelBin(b.array()).loadRaw(2)).containsExactly(0.25f, 7f);
    }

    @Test
    void nonZeroUnknownTagIsA256EntryTableWithByteIndices() {
        ByteBuffer b = bytes(4 + 256 * 4 + 4);
        b.putInt(0x01010101);
        for (int i = 0; i < 256; i++) {
            b.putFloat(i * 0.5f);
        }
        b.put((byte) 2).put((byte) 255).put((byte) 0).put((byte) 0);

        assertThat(new NcnnModelBin(b.array()).loadTagged(3)).containsExactly(1f, 127.5f, 0f);
    }

    @Test
    void truncatedFileFailsWithTheOffset() {
        ByteBuffer b = bytes(4 + 2);
        b.putInt(NcnnModelBin.TAG_FP16).putShort((short) 0x3C00);

        assertThatThrownBy(() -> new NcnnModelBin(b.array()).loadTagged(4))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("ends early");
    }

    @Test
    void convolutionReadsTaggedWeightsThenRawBiasAndPreluReadsRawSlopes() {
        NcnnGraph graph = new NcnnParamParser().parse("""
                7767517
                3 3
                Input in 0 1 data
                Convolution conv 1 1 data c 0=2 1=1 5=1 6=2
                PReLU act 1 1 c out 0=2
                """);
        ByteBuffer b = bytes(4 + 4 + 8 + 8);
        b.putInt(NcnnModelBin.TAG_FP16).putShort((short) 0x3C00).putShort((short) 0x4000)
                .putFloat(0.5f).putFloat(-0.5f)
                .putFloat(0.1f).putFloat(0.2f);

        LayerWeights weights = LayerWeights.read(graph, new NcnnModelBin(b.array()));

        assertThat(weights.of("conv")).satisfiesExactly(
                w -> assertThat(w).containsExactly(1f, 2f),
                bias -> assertThat(bias).containsExactly(0.5f, -0.5f));
        assertThat(weights.of("act")).singleElement().satisfies(s -> assertThat(s).containsExactly(0.1f, 0.2f));
    }

    @Test
    void leftoverBytesMeanTheParamAndBinDoNotBelongTogether() {
        NcnnGraph graph = new NcnnParamParser().parse("7767517\n2 2\nInput in 0 1 data\nPReLU act 1 1 data out 0=1\n");

        assertThatThrownBy(() -> LayerWeights.read(graph, new NcnnModelBin(bytes(8).array())))
                .isInstanceOf(NcnnFormatException.class)
                .hasMessageContaining("left over");
    }

    private static ByteBuffer bytes(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
