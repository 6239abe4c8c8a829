package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.gateway.support.S3Requests;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Status reads are the hot path: a job this replica knows is answered from memory, S3 untouched. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class StatusReadTests {
    @Inject
    JobStore store;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void statusReadsOfAJobThisReplicaCreatedNeverReachS3() {
        String id = Gateway.submitUpscale(Keys.FREE);
        int before = S3Requests.sent().size();

        for (int i = 0; i < 50; i++) {
            Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200);
        }

        assertThat(S3Requests.since(before)).noneMatch(request -> request.contains(id));
    }

    @Test
    void jobThisReplicaDidNotKnowIsReadFromS3OnceThenFromMemory() {
        String id = new JobIds(Clock.systemUTC()).next();
        Instant created = JobIds.createdAt(id);
        store.putJob(new JobRecord(JobRecord.VERSION, id, "demo-free", JobKind.UPSCALE, Tier.FREE, created,
                created.plus(Duration.ofHours(24)), StorageKeys.input(id, "png"), "png", 64, 48,
                new JobRecord.UpscaleOptions("realesrgan-x4plus", 4, 0, 0, "png"),
                List.of(new TaskSpec("image", "image", "upscaled", null, StorageKeys.upscaled(id, "image", "png")))));
        int before = S3Requests.sent().size();

        Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200);
        List<String> firstRead = S3Requests.since(before).stream().filter(r -> r.contains(id)).toList();
        int afterFirst = S3Requests.sent().size();
        for (int i = 0; i < 20; i++) {
            Gateway.as(Keys.FREE).get("/v1/jobs/" + id).then().statusCode(200);
        }

        // record, task results, cancel marker
        assertThat(firstRead).hasSize(3);
        assertThat(S3Requests.since(afterFirst)).noneMatch(request -> request.contains(id));
    }
}
