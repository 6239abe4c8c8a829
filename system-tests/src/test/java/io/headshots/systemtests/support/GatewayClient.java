package io.headshots.systemtests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The public API as a client sees it, over plain HTTP. */
public final class GatewayClient {
    /** The local premium tenant's key (see api-gateway/README.md). */
    public static final String KEY = "dev-premium-key";
    /** The local free tenant's key: headshots at the standard size, no follow-on upscale. */
    public static final String FREE_KEY = "dev-free-key";
    public static final Set<String> TERMINAL = Set.of("succeeded", "partially_succeeded", "failed", "canceled");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String key;

    public GatewayClient(String url) {
        this(url, KEY);
    }

    /** A client that authenticates with {@code key} (e.g. {@link #FREE_KEY}). */
    public GatewayClient(String url, String key) {
        this.url = url;
        this.key = key;
    }

    public String url() {
        return url;
    }

    /** An HTTP answer with its body as bytes, parsed as JSON on demand. */
    public record Answer(int status, HttpResponse<byte[]> response) {
        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The problem code of an error answer, or the status line for a body that is no problem document. */
        public String code() {
            try {
                JsonNode node = JSON.readTree(response.body());
                return node != null && node.hasNonNull("code") ? node.get("code").asText() : "(no code) " + text();
            } catch (IOException e) {
                return "(no JSON) " + text();
            }
        }
    }

    public Answer post(String path, Multipart form) {
        return post(path, form, Map.of());
    }

    /** A POST with extra request headers (e.g. {@code Idempotency-Key}). */
    public Answer post(String path, Multipart form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        headers.forEach(request::header);
        return send(request.build());
    }

    public Answer upscale(Multipart form) {
        return post("/v1/upscales", form);
    }

    /** Submits an upscale that must be accepted; returns the job id. */
    public String submit(byte[] image, String... fields) {
        Answer answer = upscale(Multipart.image(image).fields(fields));
        assertThat(answer.status()).as("submission answer: %s", answer.text()).isEqualTo(202);
        return answer.json().get("id").asText();
    }

    /** Submits with the fast model at scale 2 unless the fields say otherwise. */
    public String submitFast(byte[] image, String... fields) {
        String[] all = new String[fields.length + 2];
        all[0] = "model";
        all[1] = TestSystem.MODEL;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return submit(image, all);
    }

    public Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build();
        return send(request);
    }

    /** {@code POST /v1/jobs/{id}/cancel}. */
    public Answer cancel(String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/jobs/" + id + "/cancel"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return send(request);
    }

    public Answer delete(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .DELETE()
                .build();
        return send(request);
    }

    public JsonNode job(String id) {
        Answer answer = get("/v1/jobs/" + id);
        assertThat(answer.status()).as("GET job: %s", answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** Polls the job until it reaches a terminal status; fails with its last state after {@code timeout}. */
    public JsonNode awaitTerminal(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                Answer answer = get("/v1/jobs/" + id);
                if (answer.status() == 200) {
                    last = answer.json();
                    if (TERMINAL.contains(last.get("status").asText())) {
                        return last;
                    }
                }
            } catch (UncheckedIOException gatewayDown) {
                // a restarting gateway: try again
            }
            ServiceProcess.sleep(300);
        }
        throw new AssertionError("job " + id + " not finished after " + timeout + "; last seen: " + last);
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
