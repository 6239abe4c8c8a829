package io.headshots.generator.engine.compositing;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How different the outputs of one style are from each other, where it matters: on the subject region
 * (the middle half of the width, from a quarter of the height down: where the framing puts the face and
 * shoulders), not only on the backdrop. A pair's difference is the mean absolute difference of their
 * 8-bit RGB samples there, 0..255; a set's is the median over its pairs.
 */
public final class SetVariety {
    private SetVariety() {
    }

    /** The median pairwise subject-region difference of headshots of one size; 0 for fewer than two. */
    public static double medianPairwiseDifference(List<BufferedImage> headshots) {
        List<Double> pairs = new ArrayList<>();
        for (int i = 0; i < headshots.size(); i++) {
            for (int j = i + 1; j < headshots.size(); j++) {
                pairs.add(subjectDifference(headshots.get(i), headshots.get(j)));
            }
        }
        if (pairs.isEmpty()) {
            return 0;
        }
        Collections.sort(pairs);
        int n = pairs.size();
        return n % 2 == 1 ? pairs.get(n / 2) : (pairs.get(n / 2 - 1) + pairs.get(n / 2)) / 2;
    }

    /** Mean absolute 8-bit RGB difference of two headshots of one size on the subject region. */
    public static double subjectDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("headshots of different sizes");
        }
        int w = a.getWidth();
        int h = a.getHeight();
        int x0 = w / 4;
        int x1 = w - w / 4;
        int y0 = h / 4;
        int[] rowA = new int[x1 - x0];
        int[] rowB = new int[x1 - x0];
        long sum = 0;
        for (int y = y0; y < h; y++) {
            a.getRGB(x0, y, rowA.length, 1, rowA, 0, rowA.length);
            b.getRGB(x0, y, rowB.length, 1, rowB, 0, rowB.length);
            for (int x = 0; x < rowA.length; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((rowA[x] >> shift) & 0xFF) - ((rowB[x] >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * rowA.length * (h - y0));
    }
}
