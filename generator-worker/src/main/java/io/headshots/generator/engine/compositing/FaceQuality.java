package io.headshots.generator.engine.compositing;

/** How sharp a face is: the variance of the Laplacian of its aligned grey chip (8-bit scale). */
final class FaceQuality {
    /** Chip side; eyes 0.4 of it apart, so faces of any size are judged at one scale. */
    static final int CHIP = 128;

    private FaceQuality() {
    }

    static double sharpness(RgbImage photo, Face face) {
        double scale = 0.4 * CHIP / face.eyeDistance();
        RgbImage chip = Similarity.of(scale, -face.roll(), face.eyeMidX(), face.eyeMidY(), CHIP / 2.0, 0.4 * CHIP)
                .render(photo, CHIP, CHIP);
        float[] grey = chip.lumaPlane();
        // the inner face: eyes, nose, mouth; no hair or background
        int x0 = (int) (0.2 * CHIP);
        int x1 = (int) (0.8 * CHIP);
        int y0 = (int) (0.25 * CHIP);
        int y1 = (int) (0.9 * CHIP);
        double sum = 0;
        double sum2 = 0;
        int count = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = y * CHIP + x;
                double lap = 255.0 * (grey[i - 1] + grey[i + 1] + grey[i - CHIP] + grey[i + CHIP] - 4 * grey[i]);
                sum += lap;
                sum2 += lap * lap;
                count++;
            }
        }
        double mean = sum / count;
        return sum2 / count - mean * mean;
    }
}
