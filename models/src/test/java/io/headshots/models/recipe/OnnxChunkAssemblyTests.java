package io.headshots.models.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headshots.models.source.SourceIntegrityException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxChunkAssemblyTests {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void chunksAreListedInOrderBesideTheIndex() throws Exception {
        String json = """
                {"/models/small": {"size": 7, "chunks": [
                   {"hash": "%s", "offsets": [0, 4]}, {"hash": "%s", "offsets": [4, 7]}]}}
                """.formatted(A, B);

        List<OnnxChunkAssembly.Chunk> chunks = OnnxChunkAssembly.listedChunks(json, "/models/small", "package/dist/");

        assertThat(chunks).extracting(OnnxChunkAssembly.Chunk::entry).containsExactly("package/dist/" + A, "package/dist/" + B);
        assertThat(chunks).extracting(OnnxChunkAssembly.Chunk::end).containsExactly(4L, 7L);
    }

    @Test
    void aGapBetweenChunksOrAShortTotalIsRefused() {
        String gap = """
                {"/m": {"size": 7, "chunks": [{"hash": "%s", "offsets": [0, 3]}, {"hash": "%s", "offsets": [4, 7]}]}}
                """.formatted(A, B);
        String shortTotal = """
                {"/m": {"size": 9, "chunks": [{"hash": "%s", "offsets": [0, 7]}]}}
                """.formatted(A);

        assertThatThrownBy(() -> OnnxChunkAssembly.listedChunks(gap, "/m", ""))
                .isInstanceOf(SourceIntegrityException.class).hasMessageContaining("contiguous");
        assertThatThrownBy(() -> OnnxChunkAssembly.listedChunks(shortTotal, "/m", ""))
                .isInstanceOf(SourceIntegrityException.class).hasMessageContaining("size says 9");
    }

    @Test
    void anUnknownResourceIsRefused() {
        assertThatThrownBy(() -> OnnxChunkAssembly.listedChunks("{}", "/models/large", ""))
                .isInstanceOf(SourceIntegrityException.class).hasMessageContaining("/models/large");
    }
}
