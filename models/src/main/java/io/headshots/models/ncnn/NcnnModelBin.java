package io.headshots.models.ncnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sequential reader of an ncnn .bin file, following ncnn's ModelBin rules.
 *
 * <p>Type 0 blobs start with a 4-byte tag that says how the data is stored (fp16, raw fp32, or an
 * 8-bit index into a 256-entry table); type 1 blobs are raw fp32 with no tag. Which type a blob has
 * is decided by the layer that loads it, never by the file, so the caller must ask in layer order.
 */
public final class NcnnModelBin {

    static final int TAG_FP16 = 0x01306B47;
    static final int TAG_INT8 = 0x000D4B38;
    static final int TAG_FP32_SCALED = 0x0002C056;

    private final ByteBuffer data;

    public NcnnModelBin(byte[] bytes) {
        this.data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Loads {@code count} values of a weight blob whose storage is tagged (ncnn type 0). */
    public float[] loadTagged(int count) {
        need(4, "tag");
        int tag = data.getInt();
        if (tag == TAG_FP16) {
            float[] out = new float[count];
            int aligned = align4(count * 2);
            need(aligned, "fp16 data");
            int start = data.position();
            for (int i = 0; i < count; i++) {
                out[i] = HalfFloat.toFloat(data.getShort(start + 2 * i));
            }
            data.position(start + aligned);
            return out;
        }
        if (tag == TAG_INT8) {
            throw new NcnnFormatException("int8-quantized weights are not supported");
        }
        if (tag == TAG_FP32_SCALED || tag == 0) {
            return loadRaw(count);
        }
        return loadTableQuantized(count, tag);
    }

    /** Loads {@code count} raw fp32 values with no tag (ncnn type 1: biases, PReLU slopes). */
    public float[] loadRaw(int count) {
        need(count * 4L, "fp32 data");
        float[] out = new float[count];
        data.asFloatBuffer().get(out);
        data.position(data.position() + count * 4);
        return out;
    }

    private float[] loadTableQuantized(int count, int tag) {
        int byteSum = (tag & 0xFF) + ((tag >>> 8) & 0xFF) + ((tag >>> 16) & 0xFF) + ((tag >>> 24) & 0xFF);
        if (byteSum == 0) {
            return loadRaw(count);
        }
        float[] table = loadRaw(256);
        int aligned = align4(count);
        need(aligned, "quantized indices");
        int start = data.position();
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = table[data.get(start + i) & 0xFF];
        }
        data.position(start + aligned);
        return out;
    }

    public int remaining() {
        return data.remaining();
    }

    private void need(long bytes, String what) {
        if (data.remaining() < bytes) {
            throw new NcnnFormatException("ncnn .bin ends early: need " + bytes + " bytes of " + what
                    + " at offset " + data.position() + ", have " + data.remaining());
        }
    }

    private static int align4(int bytes) {
        return (bytes + 3) & ~3;
    }
}
