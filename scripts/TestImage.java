import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a seeded photo-like PNG (gradients, edges, noise) for scripts: java scripts/TestImage.java OUT W H
 * No test image needs to be committed, and none carries a person's likeness.
 */
public class TestImage {
    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + random.nextInt(16)) & 0xff;
                int g = Math.min(255, ((x / 8 + y / 8) % 2 == 0 ? 200 : 40) + random.nextInt(16));
                int b = (y * 255 / h) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(image, "png", new File(args[0]));
    }
}
