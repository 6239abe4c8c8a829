package io.headshots.generator.engine.compositing;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;

import io.headshots.generator.engine.GenerationFailure;

/**
 * The uploaded photo as upright RGB: size checked from the header before any pixel is decoded, EXIF
 * orientation applied first (a phone's portrait selfie is stored sideways), transparency flattened
 * onto white.
 */
public final class PhotoDecoder {
    static {
        // Registers TwelveMonkeys' readers (CMYK/progressive JPEG, WebP) whatever loaded ImageIO first.
        ImageIO.scanForPlugins();
    }

    private PhotoDecoder() {
    }

    public static BufferedImage decode(byte[] bytes, long maxPixels) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new GenerationFailure(GenerationFailure.UNDECODABLE_IMAGE, "not a JPEG, PNG or WebP image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new GenerationFailure(GenerationFailure.IMAGE_TOO_LARGE,
                            "the photo has " + pixels + " pixels; at most " + maxPixels + " are accepted");
                }
                return upright(rgb(reader.read(0)), orientation(bytes));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GenerationFailure failure) {
                throw failure;
            }
            throw new GenerationFailure(GenerationFailure.UNDECODABLE_IMAGE, "the photo is corrupt or cut short", e);
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

    /** EXIF orientations 2..8 applied as a viewer shows them: each displayed pixel from its stored one. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                dst[y * dw + x] = src[sy * w + sx];
            }
        }
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, dw, dh, dst, 0, dw);
        return out;
    }

    // EXIF is optional and often damaged; a bad block must not cost the photo, so 1 on any error.
    private static int orientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    return dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                }
            }
        } catch (Exception | StackOverflowError ignored) {
            // fall through
        }
        return 1;
    }
}
