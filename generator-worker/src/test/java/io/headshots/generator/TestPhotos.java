package io.headshots.generator;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Photos for the tests: one real portrait (public domain, see {@code photos/README.md}) and the
 * problem photos drawn from it.
 */
public final class TestPhotos {
    private TestPhotos() {
    }

    /** A real head-and-shoulders portrait; eyes ~45 px apart. */
    public static byte[] portrait() {
        try (InputStream in = TestPhotos.class.getResourceAsStream("/photos/astronaut.jpg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage portraitImage() {
        return decode(portrait());
    }

    /** A drawn landscape: sky, sun, hills. No face anywhere. */
    public static byte[] landscape() {
        BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(70, 130, 210), 0, 500, new Color(230, 200, 170)));
        g.fillRect(0, 0, 1200, 800);
        g.setColor(new Color(255, 230, 150));
        g.fill(new Ellipse2D.Double(850, 120, 140, 140));
        Path2D hills = new Path2D.Double();
        hills.moveTo(0, 560);
        for (int x = 0; x <= 1200; x += 40) {
            hills.lineTo(x, 520 + 60 * Math.sin(x / 170.0) + 25 * Math.sin(x / 47.0));
        }
        hills.lineTo(1200, 800);
        hills.lineTo(0, 800);
        hills.closePath();
        g.setPaint(new GradientPaint(0, 500, new Color(80, 140, 60), 0, 800, new Color(30, 70, 30)));
        g.fill(hills);
        g.dispose();
        return png(image);
    }

    /** Two copies of the portrait side by side: two faces, neither dominant. */
    public static byte[] twoPeople() {
        BufferedImage one = portraitImage();
        BufferedImage image = new BufferedImage(one.getWidth() * 2, one.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(one, 0, 0, null);
        g.drawImage(one, one.getWidth(), 0, null);
        g.dispose();
        return png(image);
    }

    /** The portrait shrunk to 120 px wide in a 1920 x 1440 grey room: a face of ~30 px, eyes ~14 px apart. */
    public static byte[] tinyFace() {
        BufferedImage one = portraitImage();
        int w = 120;
        int h = one.getHeight() * w / one.getWidth();
        BufferedImage image = new BufferedImage(1920, 1440, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(150, 150, 145));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(scaled(one, w * 2, h * 2), 1100, 700, w, h, null);
        g.dispose();
        return png(image);
    }

    /** The portrait out of focus: a wide box blur, applied three times. */
    public static byte[] blurred() {
        BufferedImage image = portraitImage();
        int k = 9;
        float[] weights = new float[k * k];
        java.util.Arrays.fill(weights, 1f / (k * k));
        ConvolveOp blur = new ConvolveOp(new Kernel(k, k, weights), ConvolveOp.EDGE_NO_OP, null);
        for (int i = 0; i < 3; i++) {
            image = blur.filter(image, null);
        }
        return png(image);
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JPEG with an EXIF APP1 segment right after SOI carrying only the orientation tag. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0};
        byte[] exif = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int length = 2 + exif.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exif);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
