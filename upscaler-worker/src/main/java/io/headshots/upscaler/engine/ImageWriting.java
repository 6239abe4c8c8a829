package io.headshots.upscaler.engine;

import com.pngencoder.PngEncoder;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

/** Encodes the final image: PNG with pngencoder (parallel deflate), JPEG with ImageIO. */
final class ImageWriting {

    /**
     * With PNG's per-row predictors on, deflate level 4 makes smaller files than level 9
     * without them, several times faster. A 2048x2400 x4fast output of a photo (BENCHMARKS.md):
     * level 9 without predictors (the library's default) 6.5 MB in 0.54-2.1 s; level 4 with
     * predictors 4.5 MB in 0.26-0.41 s; level 9 with predictors 4.0 MB in 12 s.
     */
    static final int PNG_COMPRESSION_LEVEL = 4;

    private ImageWriting() {
    }

    static void write(BufferedImage image, OutputFormat format, int jpegQuality, OutputStream out) throws IOException {
        switch (format) {
            case PNG -> writePng(image, out);
            case JPEG -> writeJpeg(flatten(image), jpegQuality, out);
        }
    }

    private static void writePng(BufferedImage image, OutputStream out) {
        // Keeps gray, alpha and 16-bit samples as they are; never palettises. pngencoder 0.15's
        // predictors corrupt 8-bit gray+alpha (rows written as RGBA under a gray+alpha header: found
        // by system-tests BadInputCorpusIT), so that one layout goes without them.
        boolean grayAlpha8 = image.getRaster().getNumBands() == 2 && image.getColorModel().getComponentSize(0) == 8;
        new PngEncoder()
                .withBufferedImage(image)
                .withMultiThreadedCompressionEnabled(true)
                .withPredictorEncoding(!grayAlpha8)
                .withCompressionLevel(PNG_COMPRESSION_LEVEL)
                .toStream(out);
    }

    private static void writeJpeg(BufferedImage image, int quality, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer installed");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * JPEG holds 8-bit gray or RGB without alpha: 16-bit samples are rounded to 8 bits and
     * transparent pixels composited over white, which is how a viewer shows them on a page.
     */
    static BufferedImage flatten(BufferedImage image) {
        Raster in = image.getRaster();
        int bands = in.getNumBands();
        boolean alpha = image.getColorModel().hasAlpha();
        int colorBands = alpha ? bands - 1 : bands;
        int bits = image.getColorModel().getComponentSize(0);
        if (!alpha && bits == 8 && (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_BYTE_GRAY)) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, colorBands == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = out.getRaster();
        double max = (1 << bits) - 1;
        int[] samples = new int[w];
        int[] alphas = new int[w];
        for (int y = 0; y < h; y++) {
            if (alpha) {
                in.getSamples(0, y, w, 1, colorBands, alphas);
            }
            for (int b = 0; b < colorBands; b++) {
                in.getSamples(0, y, w, 1, b, samples);
                for (int x = 0; x < w; x++) {
                    double v = samples[x] / max;
                    if (alpha) {
                        double a = alphas[x] / max;
                        v = v * a + (1 - a);
                    }
                    samples[x] = (int) Math.round(v * 255);
                }
                raster.setSamples(0, y, w, 1, b, samples);
            }
        }
        return out;
    }
}
