package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class MonitoringTests {
    private static final Path PROMETHEUS = Repo.DEPLOY.resolve("prometheus");
    private static final Path GRAFANA = Repo.DEPLOY.resolve("grafana");

    @Test
    void composePrometheusScrapesEveryServiceOnItsMetricsPath() {
        JsonNode config = Repo.yaml(PROMETHEUS.resolve("prometheus.yml"));
        Map<String, JsonNode> jobs = new TreeMap<>();
        config.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));

        assertThat(jobs.keySet()).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        for (String service : Repo.SERVICES) {
            JsonNode job = jobs.get(service);
            assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
            assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
                    .isEqualTo(service + ":" + ServiceSources.of(service).httpPort());
        }
        assertThat(config.path("rule_files").toString()).contains("/etc/prometheus/rules/");
    }

    @Test
    void kubernetesPrometheusKeepsAnnotatedPodsAndNamesJobsByApp() {
        JsonNode config = Repo.yaml(PROMETHEUS.resolve("prometheus-kubernetes.yml"));
        String relabel = config.path("scrape_configs").get(0).path("relabel_configs").toString();

        assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape")
                .contains("__meta_kubernetes_pod_label_app_kubernetes_io_name");
        for (JsonNode deployment : KubernetesManifests.base().ofKind("Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode template = deployment.path("spec").path("template").path("metadata");
            assertThat(template.path("annotations").path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(template.path("annotations").path("prometheus.io/port").asInt())
                    .isEqualTo(ServiceSources.of(name).httpPort());
            assertThat(template.path("labels").path("app.kubernetes.io/name").asText()).isEqualTo(name);
        }
    }

    @Test
    void everyAlertHasAnExpressionASeverityAndASummary() {
        List<Path> ruleFiles = Repo.files(PROMETHEUS.resolve("rules"), ".yml");
        assertThat(ruleFiles).isNotEmpty();
        Set<String> alerts = new TreeSet<>();
        for (Path file : ruleFiles) {
            for (JsonNode group : Repo.yaml(file).path("groups")) {
                assertThat(group.path("name").asText()).isNotBlank();
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.path("alert").asText();
                    assertThat(alerts.add(name)).as("alert %s is unique", name).isTrue();
                    assertThat(PromQl.selectors(rule.path("expr").asText())).as("%s reads metrics", name).isNotEmpty();
                    assertThat(rule.path("labels").path("severity").asText()).isIn("critical", "warning", "info");
                    assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
                }
            }
        }
        assertThat(alerts).contains("RetentionSloBreached", "DeadLettersGrowing", "WorkQueueLagGrowing",
                "GatewayServerErrors", "UpscalerWorkerStuck");
    }

    @Test
    void grafanaIsProvisionedWithTheDatasourceTheDashboardsName() {
        JsonNode datasources = Repo.yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        String uid = datasources.path("datasources").get(0).path("uid").asText();
        JsonNode provider = Repo.yaml(GRAFANA.resolve("provisioning/dashboards/headshots.yml")).path("providers").get(0);

        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        List<Path> dashboards = Repo.files(GRAFANA.resolve("dashboards"), ".json");
        assertThat(dashboards).isNotEmpty();
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = Repo.json(file);
            assertThat(uids.add(dashboard.path("uid").asText())).as("%s has a unique uid", file).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : allPanels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt())).as("panel id %s in %s", panel.path("id"), file).isTrue();
                if (!"row".equals(panel.path("type").asText())) {
                    assertThat(panel.path("datasource").path("uid").asText()).as("panel '%s'", panel.path("title"))
                            .isEqualTo(uid);
                    assertThat(panel.path("targets").size()).as("panel '%s' queries", panel.path("title")).isPositive();
                }
            }
        }
    }

    @Test
    void everyPanelAndAlertExpressionNamesMetrics() {
        List<MetricReferences.Expression> expressions = MetricReferences.find(Repo.DEPLOY);

        assertThat(expressions).hasSizeGreaterThan(20).allSatisfy(e -> assertThat(PromQl.families(e.promql()))
                .as("%s in %s", e.where(), e.file().getFileName()).isNotEmpty());
    }

    @Test
    void everyMetricTheDashboardsAndAlertsReadIsExported() {
        Set<String> exported = new TreeSet<>(MicrometerSource.families(allModules()));
        exported.addAll(frameworkFamilies());

        assertThat(MetricReferences.families(MetricReferences.find(Repo.DEPLOY)))
                .allSatisfy(family -> assertThat(exported)
                        .as("%s is neither registered in the sources nor seen on a running stack", family)
                        .contains(family));
    }

    @Test
    void queriesOnlyGroupByBoundedLabels() {
        Set<String> bounded = Set.of("le", "job", "instance", "status", "method", "uri", "outcome", "model", "code",
                "kind", "tier", "client_id", "area");
        for (MetricReferences.Expression e : MetricReferences.find(Repo.DEPLOY)) {
            var m = java.util.regex.Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(e.promql());
            while (m.find()) {
                for (String label : m.group(1).split(",")) {
                    assertThat(bounded).as("%s groups by %s", e.where(), label.strip()).contains(label.strip());
                }
            }
        }
    }

    private static List<String> allModules() {
        List<String> modules = new ArrayList<>(Repo.SERVICES);
        modules.add("platform");
        return modules;
    }

    /** Sample names seen on a running stack, folded into families as MetricNames prints them. */
    private static Set<String> frameworkFamilies() {
        Set<String> families = new TreeSet<>();
        Repo.read(Repo.DEPLOY.resolve("validation/src/test/resources/framework-metrics.txt"))
                .lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> families.add(PromQl.family(l.strip())));
        return families;
    }

    private static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        collect(dashboard.path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode list, List<JsonNode> into) {
        for (JsonNode p : list) {
            into.add(p);
            collect(p.path("panels"), into);
        }
    }
}
