package io.headshots.upscaler.engine;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/** Seeded test pictures (gradients, hard edges, noise) and hand-made odd files. */
public final class TestImages {

    private TestImages() {
    }

    /** A photo-like RGB picture: smooth gradients, a disc with hard edges, mild noise. */
    public static BufferedImage rgb(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - width * 0.45;
                double dy = y - height * 0.55;
                boolean disc = dx * dx + dy * dy < Math.pow(Math.min(width, height) * 0.3, 2);
                int r = clamp(255.0 * x / width + random.nextGaussian() * 6);
                int g = clamp(255.0 * y / height + random.nextGaussian() * 6);
                int b = disc ? 220 : clamp(60 + 40 * Math.sin(x / 5.0) + random.nextGaussian() * 6);
                if ((x / 8 + y / 8) % 7 == 0) {
                    r = 255 - r;
                }
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** RGBA: the left half fully transparent, the right half opaque. */
    public static BufferedImage rgbaHalfTransparent(int width, int height, long seed) {
        BufferedImage rgb = rgb(width, height, seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = x < width / 2 ? 0 : 255;
                image.setRGB(x, y, (alpha << 24) | (rgb.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return image;
    }

    /** 16-bit gray ramp using the full 16-bit range (values no 8-bit image can hold). */
    public static BufferedImage gray16(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, (int) (65535.0 * (x + y) / (width + height - 2)) | 1);
            }
        }
        return image;
    }

    /** 8-bit palette image with 4 colours, one of them fully transparent. */
    public static BufferedImage palette(int width, int height) {
        byte[] r = {(byte) 255, 0, 0, 0};
        byte[] g = {0, (byte) 255, 0, 0};
        byte[] b = {0, 0, (byte) 255, 0};
        byte[] a = {(byte) 255, (byte) 255, (byte) 255, 0};
        IndexColorModel cm = new IndexColorModel(8, 4, r, g, b, a);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, cm);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, (x / 8) % 4);
            }
        }
        return image;
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    public static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer for " + image);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A four-component (Adobe, inverted CMYK) JPEG of a single colour, written through the
     * JDK's writer from a raw 4-band raster. Photoshop stores CMYK inverted (0 = full ink),
     * and readers interpret an Adobe APP14 CMYK file that way.
     */
    public static byte[] cmykJpeg(int width, int height, int c, int m, int y, int k) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] ink = {255 - c, 255 - m, 255 - y, 255 - k};
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                raster.setPixel(i, j, ink);
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        if (writer == null) {
            throw new IllegalStateException("no JDK JPEG writer");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        return insertAfterSoi(out.toByteArray(), adobeSegment());
    }

    // APP14 "Adobe", version 100, flags 0/0, transform 0: CMYK stored without YCC transform.
    private static byte[] adobeSegment() {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 12);
        b.put((byte) 0xFF).put((byte) 0xEE).putShort((short) 14);
        b.put("Adobe".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) 0);
        return b.array();
    }

    /** A JPEG carrying an EXIF APP1 segment with the given orientation tag. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // big-endian TIFF header
        tiff.putShort((short) 1);                                            // one IFD0 entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);         // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0);              // value, padded to 4 bytes
        tiff.putInt(0);                                                      // no next IFD
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer segment = ByteBuffer.allocate(4 + exif.length + tiff.capacity());
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + exif.length + tiff.capacity()));
        segment.put(exif).put(tiff.array());
        return insertAfterSoi(stripJfif(jpeg), segment.array());
    }

    // EXIF belongs right after SOI; drop the JFIF APP0 so the file reads as plain EXIF.
    private static byte[] stripJfif(byte[] jpeg) {
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            int length = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
            byte[] out = new byte[jpeg.length - 2 - length];
            out[0] = jpeg[0];
            out[1] = jpeg[1];
            System.arraycopy(jpeg, 4 + length, out, 2, jpeg.length - 4 - length);
            return out;
        }
        return jpeg;
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /** A PNG whose IHDR claims {@code width} x {@code height}, followed by no real image data. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IDAT", new byte[]{0x78, (byte) 0x9C, 0x03, 0x00}));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** The first {@code fraction} of the bytes, as a cut-off download would leave them. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak signal-to-noise ratio over all colour samples of two same-sized images, in dB. */
    public static double psnr(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        double sum = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
                    sum += d * d;
                    n++;
                }
            }
        }
        double mse = sum / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
