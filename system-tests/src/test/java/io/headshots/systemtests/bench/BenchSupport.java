package io.headshots.systemtests.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.S3Config;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.PrometheusText;

/**
 * What the benchmark mains of this package share: arguments, percentiles, Prometheus scrapes,
 * submissions and following a job over SSE. The benchmarks run against a stack that a script in
 * {@code bench/} started (see {@code bench/lib/stack.sh}); nothing here starts a process.
 */
final class BenchSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private BenchSupport() {
    }

    /** {@code --name value} arguments. */
    static Map<String, String> args(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        return out;
    }

    /** Nearest-rank percentile of the values (not sorted in place). */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : Math.abs(v) >= 10 ? String.format("%.1f", v)
                : String.format("%.2f", v);
    }

    static String get(String url) {
        return getAuth(url, null);
    }

    /** A GET, with the tenant's key when one is given; the body (any status). */
    static String getAuth(String url, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Port distance from a benchmark service's HTTP port to its management port (health, metrics):
     * bench/lib/stack.sh starts every service so, clear of the stack's 29000 and 29092/29093.
     */
    static final int MANAGEMENT_PORT_OFFSET = 2000;

    /** The management interface of the service at {@code serviceUrl} ({@code http://host:port}). */
    static String managementUrl(String serviceUrl) {
        URI uri = URI.create(serviceUrl);
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() + MANAGEMENT_PORT_OFFSET);
    }

    /** Sum of a Prometheus sample over the series whose labels contain {@code labelFilter}. */
    static double metric(String serviceUrl, String name, String labelFilter) {
        return PrometheusText.sum(get(managementUrl(serviceUrl) + "/q/metrics"), name, labelFilter);
    }

    /** Submits a fast upscale (32x32-style tiny image, scale 2, realesrgan-x4fast); returns the job id. */
    static String submit(String gatewayUrl, byte[] image, String key) {
        Multipart form = Multipart.image(image).fields("scale", "2", "model", "realesrgan-x4fast");
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/upscales"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("submission answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Follows the job over SSE until an event says a terminal status; returns that status and the
     * nanoTime at which its line was read.
     */
    static Terminal follow(String gatewayUrl, String jobId, String key, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/jobs/" + jobId + "/events"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .GET().build();
        try {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("SSE answered " + r.statusCode());
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        long at = System.nanoTime();
                        JsonNode job = JSON.readTree(line.substring(5).trim());
                        String status = job.path("status").asText();
                        if (GatewayClient.TERMINAL.contains(status)) {
                            return new Terminal(status, at);
                        }
                    }
                }
            }
            throw new IllegalStateException("SSE of " + jobId + " ended without a terminal status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Terminal(String status, long nanoTime) {
    }

    static JobStore jobStore(String endpoint) {
        ObjectStore objects = ObjectStore.connect(new S3Config() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public String accessKey() {
                return "local-access-key";
            }

            @Override
            public String secretKey() {
                return "local-secret-key";
            }

            @Override
            public String bucket() {
                return "headshots";
            }

            @Override
            public boolean createBucket() {
                return true;
            }
        });
        objects.ensureBucket();
        return new JobStore(objects);
    }

    /** A markdown table row. */
    static String row(Object... cells) {
        List<String> s = new ArrayList<>();
        for (Object c : cells) {
            s.add(c instanceof Double d ? fmt(d) : String.valueOf(c));
        }
        return "| " + String.join(" | ", s) + " |";
    }
}
