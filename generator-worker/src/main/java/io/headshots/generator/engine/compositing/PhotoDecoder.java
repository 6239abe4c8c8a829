package io.headshots.generator.engine.compositing;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

import io.headshots.generator.engine.GenerationFailure;
import io.headshots.platform.image.ExifOrientation;
import io.headshots.platform.image.ImageHeader;
import io.headshots.platform.image.ImageReading;
import io.headshots.platform.image.ImageRejected;

/**
 * The uploaded photo as upright RGB. Read by the same code as the upscaler's input ({@code platform}'s
 * {@link ImageReading}), so a photo fails here for the same reason as there: size checked from the
 * header before any pixel is decoded, a file cut short refused rather than filled with grey, EXIF
 * orientation applied (a phone's portrait selfie is stored sideways), transparency flattened onto white.
 */
public final class PhotoDecoder {

    private PhotoDecoder() {
    }

    public static BufferedImage decode(byte[] bytes, long maxPixels) {
        try {
            ImageHeader header = ImageReading.header(bytes);
            if (header.pixels() > maxPixels) {
                throw new GenerationFailure(GenerationFailure.IMAGE_TOO_LARGE,
                        "the photo has " + header.pixels() + " pixels; at most " + maxPixels + " are accepted");
            }
            return upright(rgb(ImageReading.decode(bytes, header)), header.orientation());
        } catch (ImageRejected e) {
            throw new GenerationFailure(e.code(), e.getMessage(), e.getCause());
        }
    }

    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** EXIF orientations 2..8 applied as a viewer shows them (the upscaler's implementation). */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        return new BufferedImage(image.getColorModel(),
                (WritableRaster) ExifOrientation.apply(image.getRaster(), orientation), false, null);
    }
}
