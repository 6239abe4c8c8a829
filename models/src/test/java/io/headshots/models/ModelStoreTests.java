package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headshots.models.source.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTests {

    @TempDir
    Path cacheDir;

    @TempDir
    Path userDir;

    @Test
    void userNcnnParamIsConvertedOnceIntoTheCacheUnderItsSha256() throws Exception {
        Path param = Files.writeString(userDir.resolve("tiny.param"), """
                7767517
                3 3
                Input in 0 1 data
                Convolution conv 1 1 data wide 0=12 1=1 5=0 6=36
                PixelShuffle shuffle 1 1 wide output 0=2
                """);
        ByteBuffer weights = ByteBuffer.allocate(4 + 36 * 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0);
        Path bin = Files.write(userDir.resolve("tiny.bin"), weights.array());
        ModelStore store = new ModelStore(cacheDir, ModelCatalogue.bundled());

        Path model = store.ensure(param.toString());
        Files.setLastModifiedTime(model, FileTime.fromMillis(0));
        Path again = store.ensure(param.toString());

        assertThat(model.getParent()).isEqualTo(cacheDir);
        assertThat(model.getFileName().toString()).isEqualTo("ncnn-" + Sha256.of(param, bin).substring(0, 16) + ".onnx");
        assertThat(again).isEqualTo(model);
        assertThat(Files.getLastModifiedTime(again).toMillis()).as("not rewritten").isZero();
        assertThat(store.cached(param.toString())).contains(model);
    }

    @Test
    void ncnnParamWithoutItsBinIsRefused() throws Exception {
        Path param = Files.writeString(userDir.resolve("lonely.param"), "7767517\n1 1\nInput in 0 1 data\n");

        assertThatThrownBy(() -> new ModelStore(cacheDir, ModelCatalogue.bundled()).ensure(param.toString()))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("lonely.bin");
    }
}
