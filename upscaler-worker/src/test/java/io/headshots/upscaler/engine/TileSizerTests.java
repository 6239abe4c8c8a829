package io.headshots.upscaler.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TileSizerTests {

    @Test
    void theDefaultBudgetGivesTilesOfAboutTwoHundredFortyPixelsAtFourTimes() {
        assertThat(TileSizer.tileSide(EngineOptions.DEFAULT_TILE_BUDGET, 4)).isEqualTo(248);
    }

    @Test
    void aLargerBudgetOrAScaleOfTwoGivesLargerTiles() {
        int base = TileSizer.tileSide(256L << 20, 4);
        assertThat(TileSizer.tileSide(1024L << 20, 4)).isGreaterThan(base);
        assertThat(TileSizer.tileSide(256L << 20, 2)).isGreaterThan(base);
    }

    @Test
    void aCompactModelGetsWiderTilesFromTheSameBudgetOnAGpuButNotOnTheCpu() {
        assertThat(TileSizer.tileSide(EngineOptions.DEFAULT_TILE_BUDGET, 4, true)).isEqualTo(576);
        assertThat(TileSizer.autoSide(EngineOptions.DEFAULT_TILE_BUDGET, 4, true, true)).isEqualTo(576);
        assertThat(TileSizer.autoSide(EngineOptions.DEFAULT_TILE_BUDGET, 4, true, false)).isEqualTo(TileSizer.CPU_MAX_TILE);
        assertThat(TileSizer.autoSide(EngineOptions.DEFAULT_TILE_BUDGET, 4, false, false)).isEqualTo(248);
    }

    @Test
    void tilesStayBetweenTheBoundsAndOnMultiplesOfEight() {
        assertThat(TileSizer.tileSide(16L << 20, 4)).isEqualTo(TileSizer.MIN_TILE);
        assertThat(TileSizer.tileSide(64L << 30, 2)).isEqualTo(TileSizer.MAX_TILE);
        assertThat(TileSizer.tileSide(300L << 20, 4) % 8).isZero();
    }
}
