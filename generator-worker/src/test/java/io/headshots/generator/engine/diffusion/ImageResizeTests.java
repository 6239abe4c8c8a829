package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/** Large reductions (a phone photo to the face detector's input) keep no aliasing. */
class ImageResizeTests {

    @Test
    void aTwelveMegapixelPhotoOfFineStripesShrinksToAnEvenGreyWithoutMoire() {
        // 1 px black and white columns: finer than any pixel of the result, so the right answer is mid grey
        BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[photo.getWidth()];
        for (int x = 0; x < row.length; x++) {
            row[x] = x % 2 == 0 ? 0x000000 : 0xFFFFFF;
        }
        for (int y = 0; y < photo.getHeight(); y++) {
            photo.setRGB(0, y, row.length, 1, row, 0, row.length);
        }

        BufferedImage detectorInput = Images.resize(photo, 640, 480);

        assertThat(detectorInput.getWidth()).isEqualTo(640);
        assertThat(detectorInput.getHeight()).isEqualTo(480);
        double mean = 0;
        double squares = 0;
        int n = 0;
        // the middle, away from the edge handling of the filter
        for (int y = 40; y < 440; y++) {
            for (int x = 40; x < 600; x++) {
                int g = (detectorInput.getRGB(x, y) >> 8) & 0xFF;
                mean += g;
                squares += (double) g * g;
                n++;
            }
        }
        mean /= n;
        double deviation = Math.sqrt(squares / n - mean * mean);
        assertThat(mean).as("mean grey").isBetween(117.0, 138.0);
        assertThat(deviation).as("standard deviation of the grey (stripes or moire would show here)").isLessThan(4.0);
        assertThat(detectorInput.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }
}
