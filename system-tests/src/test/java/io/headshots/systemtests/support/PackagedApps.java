package io.headshots.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged services the tests run. Each app directory is snapshotted (hard links, or copies
 * where links are impossible) once per test JVM, so a rebuild of a module while the tests run
 * cannot swap jars under a running or restarting service.
 */
final class PackagedApps {
    private static final Map<String, Path> SNAPSHOTS = new HashMap<>();

    private PackagedApps() {
    }

    static synchronized Path snapshot(Path root, Path work, String module) {
        return SNAPSHOTS.computeIfAbsent(module, m -> copy(root, work, m));
    }

    private static Path copy(Path root, Path work, String module) {
        Path app = root.resolve(module).resolve("target/quarkus-app");
        // Someone may be rebuilding the module right now: give a build in progress a minute.
        for (int i = 0; i < 60 && !Files.isRegularFile(app.resolve("quarkus-run.jar"))
                && Files.isDirectory(root.resolve(module).resolve("target")); i++) {
            ServiceProcess.sleep(1000);
        }
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("missing " + app.resolve("quarkus-run.jar") + ": package the service first "
                    + "(mvn -pl " + module + " -am package -DskipTests, or ./dev test, which builds every module "
                    + "before system-tests)");
        }
        Path target = work.resolve("apps").resolve(module);
        try {
            deleteRecursively(target);
            try (Stream<Path> files = Files.walk(app)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path dest = target.resolve(app.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else {
                        try {
                            Files.createLink(dest, source);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(source, dest);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot " + app, e);
        }
        return target;
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
