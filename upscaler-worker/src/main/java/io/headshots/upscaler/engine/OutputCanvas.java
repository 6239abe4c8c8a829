package io.headshots.upscaler.engine;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;

/**
 * The model-scale output image, written a finished row at a time by the blender.
 * Gray inputs get a gray canvas (luma of the model's RGB), 16-bit inputs a 16-bit one.
 */
final class OutputCanvas {

    private final BufferedImage image;
    private final WritableRaster raster;
    private final int colorBands;
    private final int max;
    private final int[] row;
    // The 8-bit canvases' samples, written directly: setSamples goes through the sample
    // model one sample at a time, ~50 M calls for a 4096^2 RGB output.
    private final byte[] bytes;

    OutputCanvas(int width, int height, int colorBands, int bits) {
        this.image = create(width, height, colorBands, bits);
        this.raster = image.getRaster();
        this.colorBands = colorBands;
        this.max = (1 << bits) - 1;
        this.row = new int[width];
        this.bytes = bits == 8 ? ((DataBufferByte) raster.getDataBuffer()).getData() : null;
    }

    // The standard types where one exists: the PNG encoder has fast paths for them.
    private static BufferedImage create(int width, int height, int colorBands, int bits) {
        if (bits == 8) {
            return new BufferedImage(width, height, colorBands == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        }
        if (colorBands == 1) {
            return new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        }
        var cm = SourceImage.colorModel(colorBands, false, bits);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(width, height), false, null);
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /** Writes one row of RGB values in [0,1] (clamped), quantised to the canvas depth. */
    void writeRow(int y, float[] r, float[] g, float[] b) {
        int w = row.length;
        if (bytes != null) {
            writeByteRow(y, r, g, b);
            return;
        }
        if (colorBands == 1) {
            for (int x = 0; x < w; x++) {
                row[x] = quantise(0.299f * r[x] + 0.587f * g[x] + 0.114f * b[x]);
            }
            raster.setSamples(0, y, w, 1, 0, row);
            return;
        }
        float[][] channels = {r, g, b};
        for (int c = 0; c < 3; c++) {
            float[] values = channels[c];
            for (int x = 0; x < w; x++) {
                row[x] = quantise(values[x]);
            }
            raster.setSamples(0, y, w, 1, c, row);
        }
    }

    // TYPE_BYTE_GRAY is one byte per pixel, TYPE_3BYTE_BGR three in B, G, R order; both
    // freshly created, so rows are packed without padding.
    private void writeByteRow(int y, float[] r, float[] g, float[] b) {
        int w = row.length;
        if (colorBands == 1) {
            int at = y * w;
            for (int x = 0; x < w; x++) {
                bytes[at + x] = (byte) quantise(0.299f * r[x] + 0.587f * g[x] + 0.114f * b[x]);
            }
            return;
        }
        int at = y * w * 3;
        for (int x = 0; x < w; x++, at += 3) {
            bytes[at] = (byte) quantise(b[x]);
            bytes[at + 1] = (byte) quantise(g[x]);
            bytes[at + 2] = (byte) quantise(r[x]);
        }
    }

    private int quantise(float value) {
        float clamped = value < 0f ? 0f : Math.min(value, 1f);
        return (int) (clamped * max + 0.5f);
    }

    BufferedImage image() {
        return image;
    }
}
