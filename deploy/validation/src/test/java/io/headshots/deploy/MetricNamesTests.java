package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricNamesTests {

    @Test
    void printsEachFamilyOfDashboardsAndRulesOnceSortedWithoutPrometheusOwnSeries(@TempDir Path deploy)
            throws IOException {
        Files.createDirectories(deploy.resolve("grafana/dashboards"));
        Files.createDirectories(deploy.resolve("prometheus/rules"));
        Files.writeString(deploy.resolve("grafana/dashboards/d.json"), """
                {"panels": [
                  {"title": "row", "type": "row", "panels": [
                    {"title": "p", "targets": [{"expr": "sum(rate(b_seconds_bucket{job=\\"x\\"}[$__rate_interval]))"}]}]},
                  {"title": "q", "targets": [{"expr": "a_total"}, {"expr": ""}]}],
                 "templating": {"list": [
                   {"name": "instance", "type": "query", "query": {"query": "label_values(c_gauge{job=\\"x\\"}, instance)"}},
                   {"name": "job", "type": "query", "query": "label_values(job)"},
                   {"name": "ds", "type": "datasource", "query": "prometheus"}]}}
                """);
        Files.writeString(deploy.resolve("prometheus/rules/r.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Down
                        expr: up == 0 and b_seconds_count > 0
                      - record: job:a:rate5m
                        expr: rate(a_total[5m])
                """);

        String out = run(deploy);

        assertThat(out.lines().toList()).containsExactly("a_total", "b_seconds", "c_gauge");
    }

    @Test
    void kedaPrometheusTriggersAreReadFromEveryManifestUnderK8s(@TempDir Path deploy) throws IOException {
        Files.createDirectories(deploy.resolve("k8s/overlays/x"));
        Files.writeString(deploy.resolve("k8s/overlays/x/scaled.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: w}
                spec:
                  triggers:
                    - type: prometheus
                      name: premium
                      metadata: {query: 'max(pending_tasks{lane="premium"})', threshold: "1"}
                    - type: kafka
                      metadata: {topic: t, lagThreshold: "3"}
                """);

        List<MetricReferences.Expression> found = MetricReferences.find(deploy);

        assertThat(found).singleElement().satisfies(e -> assertThat(e.where()).isEqualTo("ScaledObject w trigger premium"));
        assertThat(run(deploy).lines().toList()).containsExactly("pending_tasks");
    }

    @Test
    void theRepositoryDashboardsRulesAndTriggersNameMetrics() {
        List<MetricReferences.Expression> expressions = MetricReferences.find(Repo.DEPLOY);

        assertThat(expressions).isNotEmpty();
        assertThat(MetricReferences.families(expressions)).contains("upscaler_task_duration_seconds",
                "retention_oldest_object_age_seconds", "http_server_requests_seconds", "headshots_queue_pending_tasks",
                "headshots_task_wait_seconds", "headshots_tasks_exhausted_total").doesNotContain("up");
        assertThat(expressions).anySatisfy(e -> assertThat(e.where()).startsWith("ScaledObject generator-worker"))
                .anySatisfy(e -> assertThat(e.where()).startsWith("ScaledObject upscaler-worker"));
    }

    private static String run(Path deploy) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            MetricNames.main(new String[] {deploy.toString()});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
