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
    void composePrometheusScrapesEveryServiceOnItsManagementPort() {
        JsonNode config = Repo.yaml(PROMETHEUS.resolve("prometheus.yml"));
        Map<String, JsonNode> jobs = new TreeMap<>();
        config.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));

        assertThat(jobs.keySet()).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        for (String service : Repo.SERVICES) {
            JsonNode job = jobs.get(service);
            int port = ServiceSources.of(service).managementPort();
            assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
            if (Repo.GPU_WORKERS.contains(service)) {
                // Scaled workers: the service name resolves to every replica, a static target to one.
                JsonNode dns = job.path("dns_sd_configs").get(0);
                assertThat(job.has("static_configs")).as(service).isFalse();
                assertThat(dns.path("names").get(0).asText()).isEqualTo(service);
                assertThat(dns.path("type").asText()).isEqualTo("A");
                assertThat(dns.path("port").asInt()).isEqualTo(port);
            } else {
                assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
                        .isEqualTo(service + ":" + port);
            }
        }
        assertThat(config.path("rule_files").toString()).contains("/etc/prometheus/rules/");
    }

    @Test
    void kubernetesPrometheusKeepsTheManagementPortOfAnnotatedPodsAndNamesJobsByApp() {
        JsonNode config = Repo.yaml(PROMETHEUS.resolve("prometheus-kubernetes.yml"));
        JsonNode relabels = config.path("scrape_configs").get(0).path("relabel_configs");
        String relabel = relabels.toString();

        assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape")
                .contains("__meta_kubernetes_pod_label_app_kubernetes_io_name");
        // One target per container port: only the one named management serves /q/metrics.
        assertThat(relabels).anySatisfy(r -> {
            assertThat(r.path("source_labels").toString()).contains("__meta_kubernetes_pod_container_port_name");
            assertThat(r.path("action").asText()).isEqualTo("keep");
            assertThat(r.path("regex").asText()).isEqualTo("management");
        });
        for (JsonNode deployment : KubernetesManifests.base().ofKind("Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode template = deployment.path("spec").path("template").path("metadata");
            assertThat(template.path("annotations").path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(template.path("annotations").path("prometheus.io/port").asInt())
                    .isEqualTo(ServiceSources.of(name).managementPort());
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
                    // What the one paged does first: promtool's unit tests pin the text too.
                    assertThat(rule.path("annotations").path("runbook").asText()).as("runbook of %s", name)
                            .hasSizeGreaterThan(80);
                }
            }
        }
        assertThat(alerts).contains("RetentionSloBreached", "DeadLettersGrowing", "WorkQueueLagGrowing",
                "GatewayServerErrors", "PremiumTasksWaitTooLong", "TasksExhaustedDeliveries", "TaskQueueStalled");
    }

    @Test
    void queueAlertsWatchPremiumWaitAndExhaustedTasksAndSayWhatToDo() {
        List<JsonNode> rules = alertRules();
        List<JsonNode> queueAlerts = rules.stream()
                .filter(r -> PromQl.families(r.path("expr").asText()).stream().anyMatch(f -> f.startsWith("headshots_")))
                .toList();

        assertThat(queueAlerts).isNotEmpty().allSatisfy(r -> assertThat(r.path("annotations").path("runbook").asText())
                .as("runbook of %s", r.path("alert").asText()).hasSizeGreaterThan(40));
        // The premium lane's wait, p95 from the histogram, high for a while (not one slow task).
        assertThat(queueAlerts).anySatisfy(r -> {
            String expr = r.path("expr").asText();
            assertThat(expr).containsPattern("histogram_quantile\\(\\s*0\\.95");
            assertThat(PromQl.equalityMatchers(expr, "headshots_task_wait_seconds_bucket"))
                    .anySatisfy(m -> assertThat(m).containsEntry("lane", "premium"));
            assertThat(minutes(r.path("for").asText())).isGreaterThanOrEqualTo(5);
        });
        // Any task failed worker_crashed after its last delivery.
        assertThat(queueAlerts).anySatisfy(r -> assertThat(PromQl.families(r.path("expr").asText()))
                .contains("headshots_tasks_exhausted_total"));
    }

    @Test
    void theDashboardsShowEachLaneOfEachQueueAndExhaustedTasks() {
        List<JsonNode> panels = new ArrayList<>();
        Repo.files(GRAFANA.resolve("dashboards"), ".json").forEach(f -> panels.addAll(allPanels(Repo.json(f))));

        for (String queue : Repo.QUEUE_OF.values()) {
            for (String lane : Repo.LANES) {
                Map<String, String> labels = Map.of("queue", queue, "lane", lane);
                assertThat(panels).as("a panel for queue %s, lane %s", queue, lane).anySatisfy(panel -> {
                    List<String> exprs = new ArrayList<>();
                    panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
                    assertThat(exprs).as("pending").anySatisfy(e -> assertThat(
                            PromQl.equalityMatchers(e, "headshots_queue_pending_tasks")).anySatisfy(
                                    m -> assertThat(m).containsAllEntriesOf(labels)));
                    for (String quantile : List.of("0.5", "0.95")) {
                        assertThat(exprs).as("wait p%s", quantile).anySatisfy(e -> {
                            assertThat(e).containsPattern("histogram_quantile\\(\\s*" + java.util.regex.Pattern.quote(quantile) + "\\s*,");
                            assertThat(PromQl.equalityMatchers(e, "headshots_task_wait_seconds_bucket"))
                                    .anySatisfy(m -> assertThat(m).containsAllEntriesOf(labels));
                        });
                    }
                });
            }
        }
        assertThat(panels).anySatisfy(panel -> assertThat(panel.path("targets").toString())
                .contains("headshots_tasks_exhausted_total"));
    }

    @Test
    void nothingReadsConsumerGroupMetricsOfTheShareGroupWorkers() {
        // Share consumers have no partition assignment or per-partition lag: such a panel or alert
        // would show nothing, and an alert on it would never fire.
        for (MetricReferences.Expression e : MetricReferences.find(Repo.DEPLOY)) {
            assertThat(PromQl.families(e.promql())).as("%s in %s", e.where(), e.file().getFileName())
                    .noneMatch(f -> f.startsWith("kafka_consumer_fetch_manager_records_lag")
                            || f.equals("kafka_consumer_coordinator_assigned_partitions"));
        }
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
        Set<String> exported = new TreeSet<>(MicrometerSource.families(Repo.METRIC_MODULES));
        exported.addAll(frameworkFamilies());

        assertThat(MetricReferences.families(MetricReferences.find(Repo.DEPLOY)))
                .allSatisfy(family -> assertThat(exported)
                        .as("%s is neither registered in the sources nor seen on a running stack", family)
                        .contains(family));
    }

    @Test
    void queriesOnlyGroupByBoundedLabels() {
        Set<String> bounded = Set.of("le", "job", "instance", "status", "method", "uri", "outcome", "model", "code",
                "kind", "tier", "client_id", "area", "queue", "lane");
        for (MetricReferences.Expression e : MetricReferences.find(Repo.DEPLOY)) {
            var m = java.util.regex.Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(e.promql());
            while (m.find()) {
                for (String label : m.group(1).split(",")) {
                    assertThat(bounded).as("%s groups by %s", e.where(), label.strip()).contains(label.strip());
                }
            }
        }
    }

    private static List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (Path file : Repo.files(PROMETHEUS.resolve("rules"), ".yml")) {
            for (JsonNode group : Repo.yaml(file).path("groups")) {
                group.path("rules").forEach(r -> {
                    if (r.has("alert")) {
                        rules.add(r);
                    }
                });
            }
        }
        return rules;
    }

    /** A Prometheus duration of whole minutes or hours ({@code 15m}, {@code 1h}), in minutes; 0 when absent. */
    private static long minutes(String duration) {
        if (duration.isBlank()) {
            return 0;
        }
        long value = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 'h' -> value * 60;
            case 'm' -> value;
            default -> 0;
        };
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
