package io.headshots.systemtests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client of one job, as a browser's EventSource would be: it records what it hears. */
public final class SseStream {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One dispatched event; {@code retry} is its reconnection delay in ms, when the server sent one. */
    public record Event(String id, String name, String data, String retry) {
    }

    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<Void> closed;

    private SseStream(String url, String jobId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/v1/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + GatewayClient.KEY)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        closed = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("SSE answered " + response.statusCode());
                    }
                    read(response.body());
                });
    }

    public static SseStream open(String url, String jobId, String lastEventId) {
        return new SseStream(url, jobId, lastEventId);
    }

    private void read(Stream<String> lines) {
        String[] id = {null};
        String[] name = {"message"};
        String[] retry = {null};
        StringBuilder data = new StringBuilder();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        synchronized (events) {
                            events.add(new Event(id[0], name[0], data.toString(), retry[0]));
                        }
                    }
                    data.setLength(0);
                    name[0] = "message";
                    retry[0] = null;
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("retry:")) {
                    retry[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            });
        } catch (RuntimeException connectionDropped) {
            // the server went away: the stream is over, what was heard stays
        }
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits until the server ends the stream (or drops the connection). */
    public SseStream awaitClosed(Duration timeout) {
        try {
            closed.handle((ok, error) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("SSE stream still open after " + timeout + "; heard " + events(), e);
        }
        return this;
    }

    public SseStream awaitEvents(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " SSE events after " + timeout + ": " + events());
            }
            ServiceProcess.sleep(100);
        }
        return this;
    }

    public List<Event> snapshot() {
        return new ArrayList<>(events());
    }
}
