package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The alert rules and scrape configs checked by Prometheus' own promtool: the syntax and PromQL of
 * every rule ({@code check rules}), the compose scrape config ({@code check config}), and the alert
 * unit tests of {@code deploy/prometheus/tests} ({@code test rules}), which must cover every alert.
 */
class PromtoolTests {
    private static final Path PROMETHEUS = Repo.DEPLOY.resolve("prometheus");
    private static final ExternalTool PROMTOOL = ExternalTool.promtool();

    @Test
    void everyRuleFilePassesPromtoolCheckRules() {
        List<Path> ruleFiles = ruleFiles();
        assertThat(ruleFiles).isNotEmpty();
        for (Path file : ruleFiles) {
            assertThat(PROMTOOL.runOrFail(PROMETHEUS, "check", "rules", file.toString())).contains("SUCCESS");
        }
    }

    @Test
    void theComposeScrapeConfigPassesPromtoolCheckConfig() {
        // prometheus-kubernetes.yml is left out: Debian's promtool is built without Kubernetes
        // service discovery and rejects kubernetes_sd_configs as an unknown field.
        assertThat(PROMTOOL.runOrFail(PROMETHEUS, "check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void theAlertUnitTestsPass() {
        List<Path> tests = unitTestFiles();
        assertThat(tests).isNotEmpty();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(t -> args.add(t.toString()));
        assertThat(PROMTOOL.runOrFail(PROMETHEUS, args.toArray(String[]::new))).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItOneThatDoesNotAndOneWhileItIsPending() {
        Map<String, JsonNode> alerts = alerts();
        List<JsonNode> groups = new ArrayList<>();
        unitTestFiles().forEach(f -> Repo.yaml(f).path("tests").forEach(groups::add));

        for (var alert : alerts.entrySet()) {
            String name = alert.getKey();
            boolean fires = false;
            boolean quiet = false;
            boolean pendingBeforeFiring = false;
            for (JsonNode group : groups) {
                List<JsonNode> cases = new ArrayList<>();
                group.path("alert_rule_test").forEach(c -> {
                    if (name.equals(c.path("alertname").asText())) {
                        cases.add(c);
                    }
                });
                List<Long> firing = cases.stream().filter(c -> !c.path("exp_alerts").isEmpty())
                        .map(c -> minutes(c.path("eval_time").asText())).toList();
                List<Long> silent = cases.stream().filter(c -> c.path("exp_alerts").isEmpty())
                        .map(c -> minutes(c.path("eval_time").asText())).toList();
                fires |= !firing.isEmpty();
                // A group whose series never fire the alert: the condition's other side.
                quiet |= !silent.isEmpty() && firing.isEmpty();
                // The same series, asked before `for:` has run out: pending, not firing.
                pendingBeforeFiring |= !firing.isEmpty()
                        && silent.stream().anyMatch(t -> t < firing.stream().mapToLong(Long::longValue).min().orElse(0));
            }
            assertThat(fires).as("%s: a unit test in which it fires", name).isTrue();
            assertThat(quiet).as("%s: a unit test whose series must not fire it", name).isTrue();
            if (alert.getValue().has("for")) {
                assertThat(pendingBeforeFiring).as("%s: a unit test that it is not firing yet before its for: %s",
                        name, alert.getValue().path("for").asText()).isTrue();
            }
        }
    }

    @Test
    void promtoolRejectsARuleFileWithABrokenExpression(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("headshots.yml");
        String text = Repo.read(PROMETHEUS.resolve("rules/headshots.yml"));
        String expr = "expr: retention_oldest_object_age_seconds > retention_ttl_seconds";
        assertThat(text).contains(expr);
        Files.writeString(rules, text.replace(expr, "expr: retention_oldest_object_age_seconds > (retention_ttl_seconds"));

        ExternalTool.Result result = PROMTOOL.run(dir, "check", "rules", rules.toString());

        assertThat(result.succeeded()).as(result.output()).isFalse();
        assertThat(result.output()).contains("FAILED").contains("RetentionSloBreached");
    }

    @Test
    void theAlertUnitTestsCatchARuleThatNoLongerWaitsForItsDuration(@TempDir Path dir) throws IOException {
        // The same tests against a copy of the rules in which RetentionSloBreached fires at once.
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("tests"));
        String rules = Repo.read(PROMETHEUS.resolve("rules/headshots.yml"));
        String slo = "expr: retention_oldest_object_age_seconds > retention_ttl_seconds\n        for: 1m\n";
        assertThat(rules).contains(slo);
        Files.writeString(dir.resolve("rules/headshots.yml"),
                rules.replace(slo, "expr: retention_oldest_object_age_seconds > retention_ttl_seconds\n"));
        for (Path test : unitTestFiles()) {
            Files.copy(test, dir.resolve("tests").resolve(test.getFileName()));
        }

        ExternalTool.Result result = PROMTOOL.run(dir, "test", "rules", "tests/headshots-test.yml");

        assertThat(result.succeeded()).as(result.output()).isFalse();
        assertThat(result.output()).contains("FAILED").contains("alertname: RetentionSloBreached, time: 0s");
    }

    private static List<Path> ruleFiles() {
        return Repo.files(PROMETHEUS.resolve("rules"), ".yml", ".yaml");
    }

    private static List<Path> unitTestFiles() {
        return Repo.files(PROMETHEUS.resolve("tests"), ".yml", ".yaml");
    }

    /** Every alerting rule of every rule file, by name. */
    private static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : Repo.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertThat(seen.add(rule.path("alert").asText())).isTrue();
                        alerts.put(rule.path("alert").asText(), rule);
                    }
                }
            }
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    /** A promtool eval_time of whole minutes or hours ({@code 0m}, {@code 70m}, {@code 1h}), in minutes. */
    private static long minutes(String duration) {
        long total = 0;
        var m = java.util.regex.Pattern.compile("(\\d+)([hm])").matcher(duration);
        int matched = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * (m.group(2).equals("h") ? 60 : 1);
            matched += m.group().length();
        }
        assertThat(matched).as("eval_time %s in whole minutes or hours", duration).isEqualTo(duration.length());
        return total;
    }
}
