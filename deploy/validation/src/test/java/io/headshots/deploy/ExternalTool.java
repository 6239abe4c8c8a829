package io.headshots.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the deploy files are checked with, as operators check them: promtool,
 * kubectl, npm. A missing tool fails the test with what to install (never a silent skip): the
 * checks are the point of this module, and {@code .ci/run} installs the tools where they lack.
 */
final class ExternalTool {
    private static final long TIMEOUT_SECONDS = 180;

    private final String command;
    private final String install;

    private ExternalTool(String command, String install) {
        this.command = command;
        this.install = install;
    }

    /** Output (stdout and stderr together) and exit status of one run. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    static ExternalTool promtool() {
        return new ExternalTool("promtool", "apt-get install prometheus; .ci/run does");
    }

    static ExternalTool kubectl() {
        return new ExternalTool("kubectl", "kubectl 1.21 or later, with kustomize v4+: apt-get install kubectl from the"
                + " Kubernetes apt repository; see .ci/run");
    }

    static ExternalTool npm() {
        return new ExternalTool("npm", "apt-get install npm; .ci/run does");
    }

    /** Runs the tool in {@code dir}; fails the test when the tool is not on the PATH. */
    Result run(Path dir, String... args) {
        Path executable = locate().orElseThrow(() -> new AssertionError(
                command + " is not on the PATH, so the deploy files cannot be checked with it (" + install + ")"));
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("deploy-validation-" + command, ".out");
            try {
                Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", argv) + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the tool and fails the test, with the tool's own output, unless it succeeds. */
    String runOrFail(Path dir, String... args) {
        Result result = run(dir, args);
        if (!result.succeeded()) {
            throw new AssertionError(command + " " + String.join(" ", args) + " failed (exit " + result.exitCode()
                    + "):\n" + result.output());
        }
        return result.output();
    }

    private java.util.Optional<Path> locate() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
