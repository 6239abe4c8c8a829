package io.headshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every PromQL expression of the deploy tree: the targets and template variables of the Grafana
 * dashboards ({@code deploy/grafana/dashboards/*.json}), the rules of the Prometheus rule files
 * ({@code deploy/prometheus/rules/*.yml}) and the queries of the KEDA {@code prometheus} triggers of
 * the Kubernetes manifests ({@code deploy/k8s/**}: what the workers scale on).
 */
public final class MetricReferences {

    /** Series that Prometheus makes itself: no service exports them. */
    public static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE",
            "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
            "scrape_series_added");

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(.*?)\\s*(?:,[^,()]*)?\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    /** One expression and where it was found, for messages. */
    public record Expression(Path file, String where, String promql) {
    }

    private MetricReferences() {
    }

    /**
     * Every expression under {@code deployDir}'s {@code grafana/dashboards}, {@code prometheus/rules}
     * and {@code k8s} (KEDA triggers).
     */
    public static List<Expression> find(Path deployDir) {
        List<Expression> found = new ArrayList<>();
        for (Path dashboard : files(deployDir.resolve("grafana/dashboards"), ".json")) {
            found.addAll(fromDashboard(dashboard));
        }
        for (Path rules : files(deployDir.resolve("prometheus/rules"), ".yml")) {
            found.addAll(fromRules(rules));
        }
        for (Path manifest : manifests(deployDir.resolve("k8s"))) {
            found.addAll(fromScaledObjects(manifest));
        }
        return found;
    }

    /** The metric families every expression reads, without Prometheus' own series, sorted. */
    public static Set<String> families(List<Expression> expressions) {
        Set<String> names = new TreeSet<>();
        for (Expression e : expressions) {
            for (String family : PromQl.families(e.promql())) {
                if (!PROMETHEUS_SERIES.contains(family)) {
                    names.add(family);
                }
            }
        }
        return names;
    }

    static List<Expression> fromDashboard(Path file) {
        JsonNode root = read(new ObjectMapper(), file);
        List<Expression> found = new ArrayList<>();
        collectPanels(file, root.path("panels"), found);
        for (JsonNode variable : root.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText("") : query.asText("");
            String promql = templateQueryExpression(text);
            if (!promql.isBlank()) {
                found.add(new Expression(file, "variable " + variable.path("name").asText(), promql));
            }
        }
        return found;
    }

    /** The PromQL inside a Grafana template query: {@code label_values(EXPR, label)} or {@code query_result(EXPR)}. */
    static String templateQueryExpression(String query) {
        Matcher values = LABEL_VALUES.matcher(query);
        if (values.matches()) {
            // label_values(label) alone names no metric.
            return query.indexOf(',') >= 0 ? values.group(1) : "";
        }
        Matcher result = QUERY_RESULT.matcher(query);
        return result.matches() ? result.group(1) : query;
    }

    private static void collectPanels(Path file, JsonNode panels, List<Expression> found) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText("(untitled)");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    found.add(new Expression(file, "panel '" + title + "'", expr));
                }
            }
            collectPanels(file, panel.path("panels"), found);
        }
    }

    static List<Expression> fromRules(Path file) {
        JsonNode root = read(new YAMLMapper(), file);
        List<Expression> found = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? "alert " + rule.path("alert").asText()
                        : "record " + rule.path("record").asText();
                found.add(new Expression(file, name, rule.path("expr").asText("")));
            }
        }
        return found;
    }

    /** The queries of the {@code prometheus} triggers of every KEDA ScaledObject in a manifest. */
    static List<Expression> fromScaledObjects(Path file) {
        List<Expression> found = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(file.toFile()))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !"ScaledObject".equals(doc.path("kind").asText())) {
                    continue;
                }
                String name = doc.path("metadata").path("name").asText();
                int index = 0;
                for (JsonNode trigger : doc.path("spec").path("triggers")) {
                    String query = trigger.path("metadata").path("query").asText("");
                    if ("prometheus".equals(trigger.path("type").asText()) && !query.isBlank()) {
                        String label = trigger.path("name").asText(String.valueOf(index));
                        found.add(new Expression(file, "ScaledObject " + name + " trigger " + label, query));
                    }
                    index++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return found;
    }

    private static List<Path> manifests(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> files(Path dir, String extension) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
