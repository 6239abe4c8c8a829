package io.headshots.upscaler.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads the worker's {@code /q/metrics} as Prometheus scrapes it (this module has no RestAssured). */
final class WorkerScrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WorkerScrape() {
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
