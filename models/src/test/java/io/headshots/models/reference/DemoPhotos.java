package io.headshots.models.reference;

import io.headshots.models.ModelSource;
import io.headshots.models.ModelStore;
import io.headshots.models.source.NpmPackageFetcher;
import io.headshots.models.source.TarballEntries;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Real group photos for tests: the demo images of {@code @vladmandic/face-api@1.7.15}, read from the
 * same pinned, verified tarball the face descriptor comes from (nothing is committed to this repository).
 */
public final class DemoPhotos {

    /** The catalogue model whose package carries the photos. */
    public static final String CARRIER = "dlib-resnet-face-descriptor";

    private DemoPhotos() {
    }

    /** The verified face-api tarball in the store's package cache. */
    public static Path faceApiTarball(ModelStore store) throws IOException {
        ModelSource source = store.entry(CARRIER).orElseThrow().source();
        return new NpmPackageFetcher(store.root().resolve("packages")).fetch(source.npmSpec(), source.tarballSha256());
    }

    /** {@code package/demo/NAME} (e.g. {@code sample1.jpg}) decoded as RGB. */
    public static BufferedImage load(ModelStore store, String name, Path scratch) throws IOException {
        Path file = scratch.resolve(name);
        TarballEntries.extract(faceApiTarball(store), Map.of("package/demo/" + name, file));
        BufferedImage decoded = ImageIO.read(file.toFile());
        Files.delete(file);
        return resize(decoded, decoded.getWidth(), decoded.getHeight());
    }

    /** A bilinear resize (and conversion to RGB); a plain copy when the size is unchanged. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** The square {@code [x, x+side) x [y, y+side)} of {@code image} (black outside it), resized to {@code size}. */
    public static BufferedImage squareCrop(BufferedImage image, int x, int y, int side, int size) {
        BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        g.drawImage(image, -x, -y, null);
        g.dispose();
        return resize(square, size, size);
    }

    /** Interleaved RGB bytes, row-major: the layout face-api's tensors and the reference script use. */
    public static byte[] rgbBytes(BufferedImage image) {
        byte[] bytes = new byte[image.getWidth() * image.getHeight() * 3];
        int k = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                bytes[k++] = (byte) (rgb >> 16);
                bytes[k++] = (byte) (rgb >> 8);
                bytes[k++] = (byte) rgb;
            }
        }
        return bytes;
    }
}
