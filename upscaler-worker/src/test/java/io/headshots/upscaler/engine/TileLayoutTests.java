package io.headshots.upscaler.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TileLayoutTests {

    @ParameterizedTest(name = "length {0}, tile {1}, overlap {2}")
    @CsvSource({
            "1000, 256, 16",
            "257, 256, 16",
            "497, 256, 16",
            "4096, 200, 24",
            "100, 40, 10",
            "65, 32, 8",
    })
    void spansCoverTheAxisWithEqualTilesAndAtLeastTheOverlap(int length, int tile, int overlap) {
        List<TileLayout.Span> spans = TileLayout.spans(length, tile, overlap);

        assertThat(spans.get(0).start()).isZero();
        assertThat(spans.get(spans.size() - 1).end()).isEqualTo(length);
        assertThat(spans).allSatisfy(s -> assertThat(s.length()).isEqualTo(tile));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i - 1).end() - spans.get(i).start()).isGreaterThanOrEqualTo(overlap);
            assertThat(spans.get(i).start()).isGreaterThan(spans.get(i - 1).start());
        }
    }

    @Test
    void anAxisShorterThanTheTileIsOneTileOfItsOwnLength() {
        assertThat(TileLayout.spans(90, 256, 16)).containsExactly(new TileLayout.Span(0, 90));
    }

    @Test
    void usesNoMoreTilesThanTheOverlapRequires() {
        // 1000 px, 256 tiles advancing by 240: ceil(744 / 240) + 1 = 5.
        assertThat(TileLayout.spans(1000, 256, 16)).hasSize(5);
    }

    @ParameterizedTest(name = "length {0}, max tile {1}, overlap {2}")
    @CsvSource({
            "256, 248, 16",
            "512, 248, 16",
            "1024, 248, 16",
            "1000, 256, 16",
            "4096, 200, 24",
            "65, 32, 8",
    })
    void tilesShrinkToTheSmallestSideThatNeedsNoExtraTile(int length, int maxTile, int overlap) {
        int side = TileLayout.fittedSide(length, maxTile, overlap);
        List<TileLayout.Span> fitted = TileLayout.spans(length, side, overlap);

        assertThat(side).isLessThanOrEqualTo(maxTile);
        assertThat(fitted).hasSameSizeAs(TileLayout.spans(length, maxTile, overlap));
        assertThat(TileLayout.spans(length, side - 1, overlap)).hasSizeGreaterThan(fitted.size());
        assertThat(fitted.get(fitted.size() - 1).end()).isEqualTo(length);
    }

    @Test
    void anAxisJustOverOneTileBecomesTwoHalfTiles() {
        // 248 px tiles on 256 px: two 136 px tiles (16 px shared), not two 248 px ones.
        TileLayout layout = TileLayout.of(256, 256, 248, 16);
        assertThat(layout.columns()).containsExactly(new TileLayout.Span(0, 136), new TileLayout.Span(120, 136));
        assertThat(layout.tileHeight()).isEqualTo(136);
    }

    @Test
    void overlapIsCappedAtAQuarterTileSoSmallTilesStillAdvance() {
        TileLayout layout = TileLayout.of(400, 100, 64, 64);
        assertThat(layout.columns()).hasSize(8); // advances by 48: ceil(336 / 48) + 1
    }
}
