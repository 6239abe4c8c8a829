package io.headshots.generator.engine.diffusion;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * The IdentityNet's control image, drawn as InstantID's {@code draw_kps} does: on black, the four
 * limbs from the nose to each eye and mouth corner (width 4, coloured by their far end, at 60 %),
 * then the five points (radius 10) in red, green, blue, yellow, magenta. The face is placed in the
 * headshot frame: its pose kept, scaled so the eyes are {@code eyeDistance} of the side apart, the
 * point between them centred at {@code eyeLine} from the top.
 */
final class KeypointCanvas {
    private static final Color[] COLOURS = {
            new Color(255, 0, 0), new Color(0, 255, 0), new Color(0, 0, 255), new Color(255, 255, 0), new Color(255, 0, 255)};
    private static final int[][] LIMBS = {{0, 2}, {1, 2}, {3, 2}, {4, 2}};

    private KeypointCanvas() {
    }

    /** The keypoints moved into a {@code size}² headshot frame. */
    static float[][] frame(float[][] keypoints, int size, double eyeLine, double eyeDistance) {
        double ex = (keypoints[0][0] + keypoints[1][0]) / 2;
        double ey = (keypoints[0][1] + keypoints[1][1]) / 2;
        double dist = Math.hypot(keypoints[1][0] - keypoints[0][0], keypoints[1][1] - keypoints[0][1]);
        double scale = dist == 0 ? 1 : eyeDistance * size / dist;
        float[][] out = new float[5][2];
        for (int k = 0; k < 5; k++) {
            out[k][0] = (float) ((keypoints[k][0] - ex) * scale + size / 2.0);
            out[k][1] = (float) ((keypoints[k][1] - ey) * scale + eyeLine * size);
        }
        return out;
    }

    static BufferedImage draw(float[][] keypoints, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[] limb : LIMBS) {
            Color c = COLOURS[limb[0]];
            g.setColor(new Color((int) (c.getRed() * 0.6), (int) (c.getGreen() * 0.6), (int) (c.getBlue() * 0.6)));
            g.draw(new Line2D.Float(keypoints[limb[0]][0], keypoints[limb[0]][1], keypoints[limb[1]][0], keypoints[limb[1]][1]));
        }
        for (int k = 0; k < 5; k++) {
            g.setColor(COLOURS[k]);
            g.fill(new Ellipse2D.Float(keypoints[k][0] - 10, keypoints[k][1] - 10, 20, 20));
        }
        g.dispose();
        return image;
    }
}
