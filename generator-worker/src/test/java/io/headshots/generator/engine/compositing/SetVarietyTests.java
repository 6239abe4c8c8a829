package io.headshots.generator.engine.compositing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.TestPhotos;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.HeadshotRequest;

/** Four outputs of one style differ visibly on the person, not only on the backdrop. */
class SetVarietyTests {
    /**
     * Floor of the median pairwise subject-region difference (0..255) of four outputs of the plainest
     * style: half of the 48.6 measured on the test portrait (BENCHMARKS.md, "Headshot set variety").
     */
    static final double FLOOR = 24.0;

    @Test
    void fourOutputsOfOneStyleDifferOnTheSubjectByMoreThanTheFloor() {
        Styles.Style corporate = Styles.byName("corporate").orElseThrow();
        List<BufferedImage> set = new ArrayList<>();
        for (int variant = 0; variant < 4; variant++) {
            set.add(SharedEngine.get().generate(TestPhotos.portrait(), new HeadshotRequest(corporate, variant, 1024),
                    GenerationListener.NONE).image());
        }

        double median = SetVariety.medianPairwiseDifference(set);

        System.out.printf("VARIETY corporate, 4 variants of the test portrait: median pairwise subject difference %.1f%n",
                median);
        assertThat(median).isGreaterThan(FLOOR);
    }

    @Test
    void theDifferenceIsZeroForIdenticalImagesAndMeasuresTheSubjectRegion() {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        BufferedImage brighterBelow = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                grey.setRGB(x, y, 0x808080);
                // the top quarter is backdrop: a difference there does not count
                brighterBelow.setRGB(x, y, y < 16 ? 0xFFFFFF : 0x8A8A8A);
            }
        }

        assertThat(SetVariety.subjectDifference(grey, grey)).isZero();
        assertThat(SetVariety.subjectDifference(grey, brighterBelow)).isEqualTo(10.0);
    }
}
