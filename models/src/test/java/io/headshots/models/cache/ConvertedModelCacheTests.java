package io.headshots.models.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertedModelCacheTests {

    @TempDir
    Path dir;

    @Test
    void currentModelIsNotRebuilt() throws Exception {
        ConvertedModelCache cache = new ConvertedModelCache(dir);
        AtomicInteger builds = new AtomicInteger();
        ConvertedModelCache.ModelWriter writer = f -> {
            builds.incrementAndGet();
            Files.writeString(f, "model");
        };

        Path first = cache.getOrCreate("m", "source-1", writer);
        Path second = cache.getOrCreate("m", "source-1", writer);

        assertThat(second).isEqualTo(first).hasContent("model");
        assertThat(builds).hasValue(1);
        assertThat(dir.resolve("m.onnx.sha256")).exists();
    }

    @Test
    void corruptedModelOrChangedSourceIsRebuilt() throws Exception {
        ConvertedModelCache cache = new ConvertedModelCache(dir);
        Path model = cache.getOrCreate("m", "source-1", f -> Files.writeString(f, "v1"));
        Files.writeString(model, "truncat");

        assertThat(cache.isCurrent("m", "source-1")).isFalse();
        assertThat(cache.getOrCreate("m", "source-1", f -> Files.writeString(f, "v1"))).hasContent("v1");
        assertThat(cache.getOrCreate("m", "source-2", f -> Files.writeString(f, "v2"))).hasContent("v2");
    }

    @Test
    void concurrentCallersBuildOnceAndNeverSeeAPartialFile() throws Exception {
        ConvertedModelCache cache = new ConvertedModelCache(dir);
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Callable<Path> caller = () -> {
            start.await();
            return cache.getOrCreate("m", "s", f -> {
                builds.incrementAndGet();
                Files.writeString(f, "half");
                // While the writer is mid-way, the published name must not exist yet.
                assertThat(dir.resolve("m.onnx")).doesNotExist();
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                Files.writeString(f, "complete");
            });
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = List.of(pool.submit(caller), pool.submit(caller), pool.submit(caller), pool.submit(caller));
            start.countDown();
            for (Future<Path> r : results) {
                assertThat(r.get()).hasContent("complete");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("m.onnx", "m.onnx.sha256", "m.onnx.lock");
        }
    }

    @Test
    void environmentBeatsSystemPropertyWhichBeatsHomeDirectory() {
        assertThat(ModelCacheDirectory.resolve(Map.of("HEADSHOT_MODELS_DIR", "/env/dir"), "/prop/dir", "/home/u"))
                .isEqualTo(Path.of("/env/dir"));
        assertThat(ModelCacheDirectory.resolve(Map.of(), "/prop/dir", "/home/u")).isEqualTo(Path.of("/prop/dir"));
        assertThat(ModelCacheDirectory.resolve(Map.of(), null, "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/headshot-pipeline/models"));
    }
}
