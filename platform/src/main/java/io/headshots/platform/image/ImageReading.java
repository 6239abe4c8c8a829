package io.headshots.platform.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reads an input image (JPEG, PNG, WebP) for both workers, so an upload fails with the same reason
 * whichever reads it. Two steps: {@link #header} looks only at the format's header
 * and metadata (so a claimed 100000 x 100000 image is refused before any pixel is
 * allocated), {@link #decode} reads the pixels. Streams are memory-cached: ImageIO would
 * otherwise spill to temporary files.
 */
public final class ImageReading {

    static {
        // Registers the TwelveMonkeys readers (CMYK/progressive JPEG, WebP) with ImageIO even
        // when the registry was first touched from a class loader that could not see them.
        ImageIO.scanForPlugins();
    }

    private ImageReading() {
    }

    /**
     * Format, stored dimensions and EXIF orientation.
     *
     * @throws ImageRejected {@code undecodable_image} or {@code unsupported_image}
     */
    public static ImageHeader header(byte[] bytes) {
        ImageFormat format = ImageFormat.sniff(bytes);
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw undecodable("the header gives no size", null);
            }
            return new ImageHeader(format, width, height, orientation(bytes));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejected failure) {
                throw failure;
            }
            throw undecodable("the " + format + " header is unreadable", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The stored pixels (orientation not yet applied).
     *
     * @throws ImageRejected {@code undecodable_image} when the data is corrupt or cut short
     */
    public static BufferedImage decode(byte[] bytes, ImageHeader header) {
        ImageReader reader = readerFor(header.format());
        TruncationWatch watch = new TruncationWatch();
        reader.addIIOReadWarningListener(watch);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0);
            if (watch.truncated != null) {
                throw undecodable("the " + header.format() + " data is cut short (" + watch.truncated + ")", null);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejected failure) {
                throw failure;
            }
            throw undecodable("the " + header.format() + " data is corrupt or cut short", e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            // TwelveMonkeys' JPEG reader handles CMYK/YCCK and bad ICC profiles that the JDK's refuses.
            if (chosen == null || candidate.getClass().getName().startsWith("com.twelvemonkeys")) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = candidate;
            } else {
                candidate.dispose();
            }
        }
        if (chosen == null) {
            throw new ImageRejected(ImageRejected.UNSUPPORTED_IMAGE, "no reader for " + format + " is installed");
        }
        return chosen;
    }

    // EXIF is optional and often damaged; a bad block must not cost the image, so 1 on any error.
    private static int orientation(byte[] bytes) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int value = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (Exception | StackOverflowError ignored) {
            // fall through
        }
        return 1;
    }

    private static ImageRejected undecodable(String message, Throwable cause) {
        return new ImageRejected(ImageRejected.UNDECODABLE_IMAGE, message, cause);
    }

    /**
     * JPEG decoders report a file cut short as a warning and fill the rest with grey; the
     * engine must not upscale half a photo, so such warnings fail the decode. Other warnings
     * (stray bytes before a marker, odd metadata) are common in camera files and harmless.
     */
    private static final class TruncationWatch implements IIOReadWarningListener {
        private String truncated;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (text.contains("premature end") || text.contains("truncat") || text.contains("end of file")) {
                truncated = warning;
            }
        }
    }
}
