package io.headshots.systemtests.support;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Broken, hostile and unusual image files, all generated here (nothing is checked in): each one
 * built byte by byte where no encoder would write it.
 */
public final class HostileInputs {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private HostileInputs() {
    }

    // --- PNG -----------------------------------------------------------------------------------

    public static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        b.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static byte[] ihdr(long width, long height, int depth, int colorType) {
        ByteBuffer b = ByteBuffer.allocate(13);
        b.putInt((int) width).putInt((int) height).put((byte) depth).put((byte) colorType).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        return chunk("IHDR", b.array());
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A PNG whose header declares the size, with one tiny IDAT: a few dozen bytes in all. */
    public static byte[] pngDeclaring(long width, long height) {
        return concat(PNG_SIGNATURE, ihdr(width, height, 8, 2), chunk("IDAT", deflate(new byte[16])),
                chunk("IEND", new byte[0]));
    }

    /**
     * A zlib bomb: a valid 8-bit gray PNG of {@code side}² black pixels whose data compresses about
     * 1000:1, so that a file of tens of kilobytes inflates to {@code side}² bytes.
     */
    public static byte[] zlibBomb(int side) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[side + 1]; // filter byte 0, then black
        byte[] buffer = new byte[64 * 1024];
        for (int y = 0; y < side; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return concat(PNG_SIGNATURE, ihdr(side, side, 8, 0), chunk("IDAT", idat.toByteArray()),
                chunk("IEND", new byte[0]));
    }

    /** The PNG with its IHDR checksum broken. */
    public static byte[] badHeaderChecksum(byte[] png) {
        byte[] copy = png.clone();
        copy[8 + 8 + 13] ^= 0x5A;
        return copy;
    }

    /** Signature, IHDR, IEND: a PNG without any image data. */
    public static byte[] pngWithoutData() {
        return concat(PNG_SIGNATURE, ihdr(32, 32, 8, 2), chunk("IEND", new byte[0]));
    }

    /** An APNG: the acTL chunk before the first IDAT makes it animated. */
    public static byte[] apng(byte[] png) {
        ByteBuffer actl = ByteBuffer.allocate(8).putInt(2).putInt(0);
        return insertAfterIhdr(png, chunk("acTL", actl.array()));
    }

    /** The PNG with {@code megabytes} tEXt chunks of 1 MiB each before its data. */
    public static byte[] pngWithHugeText(byte[] png, int megabytes) {
        byte[] text = new byte[1 << 20];
        Arrays.fill(text, (byte) 'x');
        byte[] keyword = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(keyword, 0, text, 0, keyword.length);
        byte[] chunk = chunk("tEXt", text);
        byte[][] chunks = new byte[megabytes][];
        Arrays.fill(chunks, chunk);
        return insertAfterIhdr(png, concat(chunks));
    }

    private static byte[] insertAfterIhdr(byte[] png, byte[] chunks) {
        int at = 8 + 25;
        return concat(Arrays.copyOf(png, at), chunks, Arrays.copyOfRange(png, at, png.length));
    }

    public static byte[] gray16(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, (65535 * (x + y)) / (width + height));
            }
        }
        return Images.encode(image, "png");
    }

    public static byte[] rgb16(int width, int height) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 2000, y * 2000, 30000});
            }
        }
        return Images.encode(new BufferedImage(cm, raster, false, null), "png");
    }

    /** An 8-bit palette PNG (PLTE + tRNS), one of its four colours fully transparent. */
    public static byte[] paletteWithAlpha(int width, int height) {
        byte[] r = {(byte) 255, 0, 0, 0};
        byte[] g = {0, (byte) 255, 0, 0};
        byte[] b = {0, 0, (byte) 255, 0};
        byte[] a = {(byte) 255, (byte) 255, (byte) 128, 0};
        IndexColorModel cm = new IndexColorModel(8, 4, r, g, b, a);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, cm);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x / 4 + y / 4) % 4);
            }
        }
        return Images.encode(image, "png");
    }

    public static byte[] grayAlpha(int width, int height) {
        BufferedImage image = Images.picture(width, height, BufferedImage.TYPE_INT_ARGB);
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {(image.getRGB(x, y) >> 8) & 0xff, x * 255 / width});
            }
        }
        return Images.encode(new BufferedImage(cm, raster, false, null), "png");
    }

    // --- JPEG ----------------------------------------------------------------------------------

    public static byte[] progressiveJpeg(int width, int height) {
        return writeJpeg(new IIOImage(Images.picture(width, height, BufferedImage.TYPE_INT_RGB), null, null), true);
    }

    /** A four-component Adobe JPEG (inverted CMYK, no colour transform), as Photoshop writes them. */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {255 - x * 4, 255 - y * 4, 200, 240});
            }
        }
        ByteBuffer adobe = ByteBuffer.allocate(16);
        adobe.put((byte) 0xFF).put((byte) 0xEE).putShort((short) 14).put("Adobe".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) 0);
        return insertAfterSoi(writeJpeg(new IIOImage(raster, null, null), false), adobe.array());
    }

    /** A JPEG with an EXIF APP1 segment carrying the orientation tag (and no JFIF segment). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer segment = ByteBuffer.allocate(4 + exif.length + tiff.capacity());
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + exif.length + tiff.capacity()));
        segment.put(exif).put(tiff.array());
        return insertAfterSoi(withoutJfif(jpeg), segment.array());
    }

    /** The JPEG with {@code count} comment segments of 64 KiB each: megabytes of metadata. */
    public static byte[] jpegWithHugeComments(byte[] jpeg, int count) {
        byte[] segment = new byte[4 + 65533];
        Arrays.fill(segment, (byte) 'c');
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) 0xFE;
        segment[2] = (byte) 0xFF;
        segment[3] = (byte) 0xFF;
        byte[][] all = new byte[count][];
        Arrays.fill(all, segment);
        return insertAfterSoi(jpeg, concat(all));
    }

    /** The JPEG with its frame header (SOF0) claiming another size; the rest is untouched. */
    public static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        int sof = markerAt(copy, 0xC0);
        copy[sof + 5] = (byte) (height >> 8);
        copy[sof + 6] = (byte) height;
        copy[sof + 7] = (byte) (width >> 8);
        copy[sof + 8] = (byte) width;
        return copy;
    }

    /** Headers intact, scan data cut after a third: the gateway cannot tell, a decoder can. */
    public static byte[] jpegCutInScan(byte[] jpeg) {
        int sos = markerAt(jpeg, 0xDA);
        int scanStart = sos + 2 + (((jpeg[sos + 2] & 0xFF) << 8) | (jpeg[sos + 3] & 0xFF));
        return Arrays.copyOf(jpeg, scanStart + (jpeg.length - scanStart) / 3);
    }

    /** SOI, a quantisation table, EOI: a JPEG without a frame. */
    public static byte[] jpegWithoutFrame(byte[] jpeg) {
        int dqt = markerAt(jpeg, 0xDB);
        int length = ((jpeg[dqt + 2] & 0xFF) << 8) | (jpeg[dqt + 3] & 0xFF);
        return concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, Arrays.copyOfRange(jpeg, dqt, dqt + 2 + length),
                new byte[] {(byte) 0xFF, (byte) 0xD9});
    }

    private static int markerAt(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("not at a marker: " + pos);
            }
            int m = jpeg[pos + 1] & 0xFF;
            if (m == marker) {
                return pos;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
    }

    private static byte[] withoutJfif(byte[] jpeg) {
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            int length = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
            return concat(Arrays.copyOf(jpeg, 2), Arrays.copyOfRange(jpeg, 4 + length, jpeg.length));
        }
        return jpeg;
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segments) {
        return concat(Arrays.copyOf(jpeg, 2), segments, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    private static byte[] writeJpeg(IIOImage image, boolean progressive) {
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (writer == null || candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    // --- WebP, GIF, others ---------------------------------------------------------------------

    /** A WebP extended header (VP8X) declaring the canvas, with the animation flag when asked. */
    public static byte[] webpDeclaring(int width, int height, boolean animated) {
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        vp8x.put((byte) (animated ? 0x02 : 0)).put(new byte[3]);
        put24(vp8x, width - 1);
        put24(vp8x, height - 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(vp8x.array());
        if (animated) {
            ByteBuffer anim = ByteBuffer.allocate(14).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            anim.put("ANIM".getBytes(StandardCharsets.US_ASCII)).putInt(6).putInt(0).putShort((short) 0);
            body.writeBytes(anim.array());
            ByteBuffer anmf = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            anmf.put("ANMF".getBytes(StandardCharsets.US_ASCII)).putInt(16);
            put24(anmf, 0);
            put24(anmf, 0);
            put24(anmf, width - 1);
            put24(anmf, height - 1);
            put24(anmf, 100);
            anmf.put((byte) 0);
            body.writeBytes(anmf.array());
        }
        ByteBuffer riff = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.size())
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        return concat(riff.array(), body.toByteArray());
    }

    private static void put24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    /** A two-frame GIF. */
    public static byte[] animatedGif(int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(Images.picture(width, height, BufferedImage.TYPE_INT_RGB), null, null),
                    null);
            writer.writeToSequence(new IIOImage(Images.picture(height, width, BufferedImage.TYPE_INT_RGB), null, null),
                    null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }
}
