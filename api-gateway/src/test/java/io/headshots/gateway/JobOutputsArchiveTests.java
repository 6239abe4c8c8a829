package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.TaskSpec;
import io.headshots.gateway.support.EventBus;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.TestImages;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code GET /v1/jobs/{id}/outputs.zip} and the identity score of headshot outputs. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobOutputsArchiveTests {
    @Inject
    JobStore store;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void archiveHoldsEveryFinishedOutputAsStoredAndEachHeadshotShowsItsIdentityScore() throws IOException {
        String id = headshots(Keys.FREE, "3");
        JobRecord job = store.job(id).orElseThrow();
        // Two of three outputs finish; each is larger than the HTTP layer's buffer, so the archive
        // can only arrive chunked, as it is read from S3, never as one buffered body.
        Map<String, byte[]> stored = new LinkedHashMap<>();
        double[] scores = {0.81, 0.64};
        for (int i = 0; i < 2; i++) {
            TaskSpec spec = job.tasks().get(i);
            byte[] output = randomBytes(300_000, i);
            store.objects().put(spec.outputKey(), output, "image/png");
            TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(),
                    "image/png", 1024, 1024, Instant.now(), scores[i]);
            store.putResult(result);
            EventBus.publish(JobEvent.finished(result));
            stored.put(spec.outputName() + ".png", output);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().statusCode(200).body("outputs", hasSize(2)));
        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then()
                .body("outputs[0].name", equalTo(job.tasks().get(0).outputName()))
                .body("outputs[0].identityScore", equalTo(0.81f))
                .body("outputs[1].identityScore", equalTo(0.64f));

        var response = Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs.zip").then()
                .statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".zip\"")
                .header("Transfer-Encoding", "chunked")
                .extract();

        assertThat(unzip(response.asByteArray())).containsOnlyKeys(stored.keySet())
                .allSatisfy((name, bytes) -> assertThat(bytes).as(name).isEqualTo(stored.get(name)));
    }

    @Test
    void archiveOfAnotherTenantsJobIsNotFound() {
        String id = headshots(Keys.FREE, "1");

        Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + id + "/outputs.zip").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
        Gateway.as(Keys.PREMIUM).get("/v1/jobs/not-an-id/outputs.zip").then()
                .statusCode(404).body("code", equalTo("not_found"));
        io.restassured.RestAssured.given().get("/v1/jobs/" + id + "/outputs.zip").then().statusCode(401);
    }

    @Test
    void archiveOfAJobWithoutFinishedOutputsIsAConflict() {
        String id = headshots(Keys.FREE, "1");

        Gateway.as(Keys.FREE).get("/v1/jobs/" + id + "/outputs.zip").then()
                .statusCode(409).contentType("application/problem+json").body("code", equalTo("no_outputs"));
    }

    @Test
    void upscaleOutputsCarryNoIdentityScore() {
        String id = Gateway.submitUpscale(Keys.FREE, "scale", "2");
        JobRecord job = store.job(id).orElseThrow();
        TaskSpec spec = job.tasks().get(0);
        store.objects().put(spec.outputKey(), TestImages.png(128, 96), "image/png");
        TaskResult result = TaskResult.succeeded(id, spec.taskId(), spec.outputName(), spec.outputKey(), "image/png",
                128, 96, Instant.now());
        store.putResult(result);
        EventBus.publish(JobEvent.finished(result));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Gateway.as(Keys.FREE).get("/v1/jobs/" + id)
                .then().statusCode(200).body("outputs", hasSize(1)));
        String json = Gateway.as(Keys.FREE).get("/v1/jobs/" + id).asString();
        assertThat(json).doesNotContain("identityScore");
    }

    private static String headshots(String key, String count) {
        ValidatableResponse response = Gateway.as(key)
                .multiPart("photo", "me.jpg", TestImages.jpeg(320, 400), "image/jpeg")
                .multiPart("styles", "1".equals(count) ? "corporate" : "corporate,studio").multiPart("count", count)
                .when().post("/v1/headshots").then();
        return response.statusCode(202).extract().path("id");
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }
}
