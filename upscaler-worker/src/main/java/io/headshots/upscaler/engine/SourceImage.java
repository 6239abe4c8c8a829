package io.headshots.upscaler.engine;

import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

import io.headshots.platform.image.ExifOrientation;

/**
 * A decoded input brought to one of a few plain layouts the engine works with: gray or
 * sRGB samples, optionally followed by an alpha band, all 8-bit or all 16-bit, not
 * premultiplied. Gray and 16-bit inputs stay gray and 16-bit so the output can too;
 * everything else (palette, packed, CMYK already converted by the reader, other colour
 * spaces) becomes 8-bit sRGB through Java 2D's colour conversion.
 */
final class SourceImage {

    private final Raster raster;
    private final int colorBands;
    private final boolean alpha;
    private final int bits;

    private SourceImage(Raster raster, int colorBands, boolean alpha, int bits) {
        this.raster = raster;
        this.colorBands = colorBands;
        this.alpha = alpha;
        this.bits = bits;
    }

    /** Brings a decoded image to a plain layout and turns it upright by its EXIF orientation. */
    static SourceImage of(BufferedImage decoded, int orientation) {
        SourceImage plain = plain(decoded);
        return new SourceImage(ExifOrientation.apply(plain.raster, orientation), plain.colorBands, plain.alpha, plain.bits);
    }

    private static SourceImage plain(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        int dataType = image.getRaster().getDataBuffer().getDataType();
        int bits = dataType == DataBuffer.TYPE_BYTE ? 8 : dataType == DataBuffer.TYPE_USHORT ? 16 : 0;
        ColorSpace cs = cm.getColorSpace();
        boolean gray = cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
        boolean srgb = cs.isCS_sRGB() && cm.getNumColorComponents() == 3;
        boolean component = cm instanceof ComponentColorModel
                && image.getRaster().getSampleModel() instanceof ComponentSampleModel;
        if (component && bits != 0 && (gray || srgb) && allSamples(cm, bits)) {
            if (cm.isAlphaPremultiplied()) {
                image.coerceData(false);
            }
            return new SourceImage(image.getRaster(), gray ? 1 : 3, cm.hasAlpha(), bits);
        }
        return toSrgb8(image, cm.hasAlpha());
    }

    private static boolean allSamples(ColorModel cm, int bits) {
        for (int size : cm.getComponentSize()) {
            if (size != bits) {
                return false;
            }
        }
        return true;
    }

    // getRGB converts from any colour model and space into non-premultiplied sRGB.
    private static SourceImage toSrgb8(BufferedImage image, boolean alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage target = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster out = target.getRaster();
        int[] argb = new int[w];
        int bands = alpha ? 4 : 3;
        int[] samples = new int[w * bands];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int i = x * bands;
                samples[i] = (p >> 16) & 0xFF;
                samples[i + 1] = (p >> 8) & 0xFF;
                samples[i + 2] = p & 0xFF;
                if (alpha) {
                    samples[i + 3] = p >>> 24;
                }
            }
            out.setPixels(0, y, w, 1, samples);
        }
        return new SourceImage(out, 3, alpha, 8);
    }

    int width() {
        return raster.getWidth();
    }

    int height() {
        return raster.getHeight();
    }

    /** 1 for gray, 3 for RGB. */
    int colorBands() {
        return colorBands;
    }

    boolean hasAlpha() {
        return alpha;
    }

    /** 8 or 16. */
    int bits() {
        return bits;
    }

    /** The same pixels restricted to {@code area} (shares the samples). */
    SourceImage crop(Rectangle area) {
        if (area.x == 0 && area.y == 0 && area.width == width() && area.height == height()) {
            return this;
        }
        Raster child = raster.createChild(raster.getMinX() + area.x, raster.getMinY() + area.y,
                area.width, area.height, 0, 0, null);
        return new SourceImage(child, colorBands, alpha, bits);
    }

    /**
     * Copies a region as planar RGB floats in [0,1] (gray is repeated in all three planes),
     * the layout the model takes, into {@code planarRgb} from {@code offset} on.
     */
    void readRgb(int x, int y, int w, int h, float[] planarRgb, int offset) {
        int plane = w * h;
        float scale = 1f / maxValue();
        int bands = raster.getNumBands();
        int[] pixels = new int[w * bands];
        // A row of all bands at a time: one call per row, not one per sample.
        for (int row = 0; row < h; row++) {
            raster.getPixels(x, y + row, w, 1, pixels);
            int at = offset + row * w;
            for (int c = 0; c < 3; c++) {
                int band = c < colorBands ? c : 0;
                int dst = at + c * plane;
                for (int i = 0; i < w; i++) {
                    planarRgb[dst + i] = pixels[i * bands + band] * scale;
                }
            }
        }
    }

    /** {@link #readRgb(int, int, int, int, float[], int)} from the start of the array. */
    void readRgb(int x, int y, int w, int h, float[] planarRgb) {
        readRgb(x, y, w, h, planarRgb, 0);
    }

    /** The alpha band as a gray image of the same bit depth. Only when {@link #hasAlpha()}. */
    BufferedImage alphaImage() {
        int w = width();
        int h = height();
        BufferedImage out = new BufferedImage(w, h, bits == 16 ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, colorBands, row);
            out.getRaster().setSamples(0, y, w, 1, 0, row);
        }
        return out;
    }

    int maxValue() {
        return (1 << bits) - 1;
    }

    /** A colour model for {@code bands} samples of {@code bits} each laid out like this image's. */
    static ComponentColorModel colorModel(int colorBands, boolean alpha, int bits) {
        ColorSpace cs = ColorSpace.getInstance(colorBands == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        return new ComponentColorModel(cs, alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
    }
}
