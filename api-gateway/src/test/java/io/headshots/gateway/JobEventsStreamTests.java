package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskResult;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobEventsStreamTests {
    @TestHTTPResource("/")
    URL base;

    @Inject
    JobStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void streamRelaysStateAndProgressWithIdsAndEndsAfterTheTerminalState() throws Exception {
        String id = Gateway.submitUpscale(Keys.FREE);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = open(id, Keys.FREE, lines);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("\"queued\"")));

        EventBus.publish(JobEvent.Type.TASK_STARTED, id, "image", 0, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("\"running\"")));
        EventBus.publish(JobEvent.Type.TASK_PROGRESS, id, "image", 1, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("\"percent\":50")));
        String outputKey = StorageKeys.upscaled(id, "image", "png");
        store.objects().put(outputKey, TestImages.png(64, 64), "image/png");
        TaskResult result = TaskResult.succeeded(id, "image", "image", outputKey, "image/png", 64, 64, Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));

        HttpResponse<Void> response = stream.get(30, TimeUnit.SECONDS); // completes only when the server ends it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<String> ids = lines.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
        List<String> names = lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).trim())
                .toList();
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
        assertThat(ids.stream().mapToLong(Long::parseLong).toArray()).isSorted();
        assertThat(names).containsExactly("status", "status", "progress", "status");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).toList().get(3)).contains("\"succeeded\"")
                .contains("\"/v1/jobs/" + id + "/outputs/image\"");
    }

    @Test
    void streamOfAFinishedJobSendsItsStateAndEnds() throws Exception {
        String id = Gateway.submitUpscale(Keys.FREE);
        TaskResult result = TaskResult.failed(id, "image", "image", "undecodable_image", "bad", Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().body("status", org.hamcrest.Matchers.equalTo("failed")));

        List<String> lines = new CopyOnWriteArrayList<>();
        open(id, Keys.FREE, lines).get(30, TimeUnit.SECONDS);

        assertThat(lines.stream().filter(l -> l.startsWith("data:"))).singleElement()
                .satisfies(l -> assertThat(l).contains("\"failed\"").contains("undecodable_image"));
    }

    @Test
    void deletingAWatchedJobEndsItsStream() throws Exception {
        String id = Gateway.submitUpscale(Keys.FREE);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = open(id, Keys.FREE, lines);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("\"queued\"")));

        Gateway.as(Keys.FREE).delete("/v1/jobs/" + id).then().statusCode(204);

        stream.get(30, TimeUnit.SECONDS);
        assertThat(lines).contains("event:deleted");
    }

    @Test
    void cancelingAWatchedJobEndsItsStreamWithTheCanceledStatus() throws Exception {
        String id = Gateway.submitUpscale(Keys.FREE);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = open(id, Keys.FREE, lines);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("\"queued\"")));

        Gateway.as(Keys.FREE).post("/v1/jobs/" + id + "/cancel").then().statusCode(202);

        stream.get(30, TimeUnit.SECONDS);
        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(data.get(data.size() - 1)).contains("\"canceled\"");
        assertThat(lines.stream().filter(l -> l.startsWith("event:")).toList()).endsWith("event:status");
    }

    private CompletableFuture<HttpResponse<Void>> open(String id, String key, List<String> lines) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
    }

    /** Collects every line of the stream as it arrives. */
    private static final class LineCollector implements java.util.concurrent.Flow.Subscriber<String> {
        private final List<String> lines;

        LineCollector(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            lines.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            lines.add("error: " + throwable);
        }

        @Override
        public void onComplete() {
            // the response future completes too
        }
    }
}
