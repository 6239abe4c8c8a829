package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * One job is one trace: the packaged gateway and worker, with JSON logs on as in compose and
 * Kubernetes, log the job's lines with the same {@code traceId} field (the gateway's request span,
 * carried to the worker in the task record's {@code traceparent} header), and with the job and
 * task ids as fields. No collector is configured here, so nothing tries to export a span.
 */
class JobTraceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestSystem system;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        system.gateway();
        worker = system.newWorker(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @Test
    void theGatewaysAndTheWorkersLinesOfOneJobCarryTheSameTraceIdAndTheJobIdAndNoOtherJobsId() {
        ServiceProcess gatewayProcess = system.gateway();
        long gatewayFrom = gatewayProcess.logLength();
        long workerFrom = worker.logLength();
        GatewayClient gateway = system.client();

        String id = gateway.submitFast(Images.png(64, 48), "scale", "2");
        assertThat(gateway.awaitTerminal(id, Duration.ofSeconds(150)).get("status").asText()).isEqualTo("succeeded");

        List<JsonNode> gatewayLines = linesAbout(id, gatewayProcess.logSince(gatewayFrom));
        List<JsonNode> workerLines = linesAbout(id, worker.logSince(workerFrom));
        assertThat(gatewayLines).extracting(l -> l.path("message").asText()).anyMatch(m -> m.startsWith("job queued"));
        assertThat(workerLines).extracting(l -> l.path("message").asText())
                .anyMatch(m -> m.startsWith("task started: model " + TestSystem.MODEL))
                .anyMatch(m -> m.startsWith("task ended: model " + TestSystem.MODEL + ", succeeded"));
        assertThat(workerLines).allSatisfy(l -> assertThat(l.path("mdc").path("taskId").asText()).isNotEmpty());

        Set<String> gatewayTraces = traceIds(gatewayLines);
        assertThat(gatewayTraces).singleElement().asString().matches("[0-9a-f]{32}");
        assertThat(traceIds(workerLines)).isEqualTo(gatewayTraces);

        // Every gateway line about a job names it as a field, and only its own: a second job, submitted,
        // read and deleted on the same gateway threads, has lines of its own, none with the first's ids.
        String other = gateway.submitFast(Images.png(48, 32), "scale", "2");
        gateway.get("/v1/jobs/" + other);
        assertThat(gateway.delete("/v1/jobs/" + other).status()).isEqualTo(204);
        String gatewayLog = gatewayProcess.logSince(gatewayFrom);
        List<JsonNode> otherLines = linesAbout(other, gatewayLog);
        assertThat(otherLines).extracting(l -> l.path("message").asText())
                .anyMatch(m -> m.startsWith("job queued")).anyMatch(m -> m.startsWith("job deleted"));
        assertThat(jsonLines(gatewayLog))
                .filteredOn(l -> l.path("message").asText().matches("job (queued|deleted|canceled).*"))
                .allSatisfy(l -> assertThat(l.path("mdc").path("jobId").asText()).isIn(id, other));
        assertThat(traceIds(otherLines)).doesNotContainAnyElementsOf(gatewayTraces);

        // Exporting is off without OTEL_EXPORTER_OTLP_ENDPOINT: no attempt, so no failed attempt either.
        assertThat(gatewayProcess.logSince(gatewayFrom) + worker.logSince(workerFrom))
                .doesNotContain("Failed to export").doesNotContain("4317");
    }

    /** The JSON log lines whose {@code mdc.jobId} field is the job's (a line that is not JSON fails the test). */
    private static List<JsonNode> linesAbout(String jobId, String log) {
        return jsonLines(log).stream().filter(l -> jobId.equals(l.path("mdc").path("jobId").asText())).toList();
    }

    private static List<JsonNode> jsonLines(String log) {
        return log.lines().filter(l -> !l.isBlank() && !l.startsWith("---- start")).map(JobTraceIT::parse).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("a log line that is not JSON: " + line, e);
        }
    }

    private static Set<String> traceIds(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("mdc").path("traceId").asText()).collect(Collectors.toSet());
    }
}
