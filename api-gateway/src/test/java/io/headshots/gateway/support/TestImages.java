package io.headshots.gateway.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Real images and hostile ones, made on the fly. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpeg");
    }

    /** A well-formed PNG container that declares any size, with a token IDAT: a few dozen bytes. */
    public static byte[] pngDeclaring(long width, long height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) width).putInt((int) height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(signature(), chunk("IHDR", ihdr.array()), chunk("IDAT", new byte[] {0x78, 0x01}),
                chunk("IEND", new byte[0]));
    }

    /** A real PNG with an acTL chunk before its image data: an APNG. */
    public static byte[] apng(int width, int height) {
        byte[] png = png(width, height);
        int afterIhdr = 8 + 25;
        byte[] actl = chunk("acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());
        return concat(Arrays.copyOfRange(png, 0, afterIhdr), actl, Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    /** The first part of a real PNG, cut inside its image data. */
    public static byte[] truncatedPng(int width, int height) {
        byte[] png = png(width, height);
        return Arrays.copyOf(png, png.length - 20);
    }

    public static byte[] pngWithBadHeaderChecksum(int width, int height) {
        byte[] png = png(width, height);
        png[8 + 8 + 24 - 4] ^= 0x55; // a byte of the IHDR CRC
        return png;
    }

    public static byte[] text() {
        return "this is not an image, whatever its name says\n".getBytes(StandardCharsets.UTF_8);
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] signature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    public static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
