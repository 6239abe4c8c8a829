package io.headshots.models.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headshots.models.source.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * face-api's own FaceRecognitionNet on TensorFlow.js (pure-JS CPU backend) under Node: the script
 * and its pinned dependencies live in {@code src/test/js/face-descriptor-reference}. Dependencies are
 * installed with {@code npm ci} into its (git-ignored) {@code node_modules} when the lock file changed.
 */
public final class FaceApiReference {

    public static final Path PROJECT = Path.of("src", "test", "js", "face-descriptor-reference");
    private static final String INSTALLED_MARK = ".installed-package-lock.sha256";
    private static final long TIMEOUT_MINUTES = 10;

    private FaceApiReference() {
    }

    /** Null when {@code node} and {@code npm} both run, else why not. */
    public static String whyUnavailable() {
        for (String tool : List.of("node", "npm")) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return tool + " --version failed";
                }
            } catch (IOException e) {
                return tool + " is not on the PATH (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /** Installs the pinned dependencies unless {@code node_modules} already holds exactly the locked set. */
    public static void install() throws IOException, InterruptedException {
        String lockSha = Sha256.of(PROJECT.resolve("package-lock.json"));
        Path mark = PROJECT.resolve("node_modules").resolve(INSTALLED_MARK);
        if (Files.exists(mark) && Files.readString(mark).trim().equals(lockSha)) {
            return;
        }
        run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"));
        Files.writeString(mark, lockSha + "\n");
    }

    /**
     * @param modelDir holds {@code face_recognition_model-weights_manifest.json} and its shard
     * @param crops files of 150x150x3 RGB bytes
     * @return one 128-d descriptor per crop
     */
    public static List<float[]> descriptors(Path modelDir, List<Path> crops) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "descriptors.js", modelDir.toAbsolutePath().toString()));
        crops.forEach(c -> command.add(c.toAbsolutePath().toString()));
        JsonNode result = new ObjectMapper().readTree(run(command));
        if (!"cpu".equals(result.path("backend").asText())) {
            throw new IllegalStateException("reference ran on backend " + result.path("backend"));
        }
        List<float[]> descriptors = new ArrayList<>();
        for (JsonNode d : result.path("descriptors")) {
            float[] v = new float[d.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) d.path(i).asDouble();
            }
            descriptors.add(v);
        }
        return descriptors;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("face-api-reference", ".log");
        Path out = Files.createTempFile("face-api-reference", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(out);
        }
    }
}
