package io.headshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The repository the tests check: its deploy files and the services' sources, read as they are. */
final class Repo {
    static final Path ROOT = locateRoot();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final List<String> SERVICES = List.of("api-gateway", "upscaler-worker", "generator-worker",
            "retention-service");
    /** The workers that need a GPU. */
    static final List<String> GPU_WORKERS = List.of("upscaler-worker", "generator-worker");
    /**
     * The task queue each GPU worker takes its tasks from through its share group (of the same name
     * as the worker): the {@code queue} label of the {@code headshots_*} queue metrics.
     */
    static final Map<String, String> QUEUE_OF = Map.of("generator-worker", "generate", "upscaler-worker", "upscale");
    /** The lanes of every queue: the {@code lane} label; premium is taken first. */
    static final List<String> LANES = List.of("free", "premium");
    /** The modules whose sources register the metrics the deploy files read (platform's queue metrics too). */
    static final List<String> METRIC_MODULES = List.of("api-gateway", "upscaler-worker", "generator-worker",
            "retention-service", "platform");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Repo() {
    }

    private static Path locateRoot() {
        String configured = System.getProperty("repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/validation")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + start);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file ({@code ---} separated), empty documents dropped. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(file.toFile()))) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected one");
        }
        return docs.get(0);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Regular files under {@code dir} whose names end with one of the extensions, sorted. */
    static List<Path> files(Path dir, String... extensions) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java sources under a module's {@code src/main/java}. */
    static List<Path> mainSources(String module) {
        return files(ROOT.resolve(module).resolve("src/main/java"), ".java");
    }
}
