package io.headshots.upscaler.engine;

import com.twelvemonkeys.image.ResampleOp;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/** Lanczos resizing for non-native scales and boxes, and re-attaching alpha. */
final class Resampling {

    private Resampling() {
    }

    /**
     * The {@code area} of {@code image}: the image itself when that is all of it, else a copy
     * (a shared sub-image would carry its parent's offsets into the encoders).
     */
    static BufferedImage cut(BufferedImage image, Rectangle area) {
        if (area.x == 0 && area.y == 0 && area.width == image.getWidth() && area.height == image.getHeight()) {
            return image;
        }
        WritableRaster raster = image.getRaster().createCompatibleWritableRaster(area.width, area.height);
        // Not setRect with a negative offset: the JDK's byte rasters copy from the wrong rows then.
        raster.setDataElements(0, 0, image.getRaster().createChild(area.x, area.y, area.width, area.height, 0, 0, null));
        return new BufferedImage(image.getColorModel(), raster, false, null);
    }

    /** {@code image} resized to exactly {@code width} x {@code height} with a Lanczos filter. */
    static BufferedImage lanczos(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        return new ResampleOp(width, height, ResampleOp.FILTER_LANCZOS).filter(image, null);
    }

    /**
     * A new image with {@code color}'s bands followed by {@code alpha}'s single band, both
     * of one size and bit depth.
     */
    static BufferedImage withAlpha(BufferedImage color, BufferedImage alpha, int bits) {
        int colorBands = color.getRaster().getNumBands();
        int w = color.getWidth();
        int h = color.getHeight();
        BufferedImage out;
        if (bits == 8 && colorBands == 3) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        } else {
            var cm = SourceImage.colorModel(colorBands, true, bits);
            out = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        }
        WritableRaster raster = out.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < colorBands; b++) {
                color.getRaster().getSamples(0, y, w, 1, b, row);
                raster.setSamples(0, y, w, 1, b, row);
            }
            alpha.getRaster().getSamples(0, y, w, 1, 0, row);
            raster.setSamples(0, y, w, 1, colorBands, row);
        }
        return out;
    }
}
