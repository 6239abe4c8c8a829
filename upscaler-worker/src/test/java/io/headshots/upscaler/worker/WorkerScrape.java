package io.headshots.upscaler.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Reads the worker's {@code /q/metrics} as Prometheus scrapes it, on the management port (the public
 * port does not answer it); this module has no RestAssured.
 */
final class WorkerScrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WorkerScrape() {
    }

    /** The worker's metrics, from its management interface. */
    static String metrics() throws IOException, InterruptedException {
        URI management = URI.create(io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri());
        return get(management.resolve("/q/metrics"));
    }

    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
