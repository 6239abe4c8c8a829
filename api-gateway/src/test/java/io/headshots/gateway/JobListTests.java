package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.StorageKeys;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.service.JobViews;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.platform.storage.JobStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobListTests {
    @Inject
    JobStore store;

    @Inject
    JobViews views;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void pagesWalkTheTenantsOwnJobsNewestFirstAndNeverAnotherTenants() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(Gateway.submitUpscale(Keys.LISTER));
            Gateway.submitUpscale(Keys.NEIGHBOUR);
        }
        List<String> newestFirst = new ArrayList<>(mine);
        java.util.Collections.reverse(newestFirst);

        JsonPath first = page(Keys.LISTER, "?limit=2");
        assertThat(first.getList("jobs.id", String.class)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(first.getString("jobs[0].status")).isEqualTo("queued");
        assertThat(first.getString("jobs[0].kind")).isEqualTo("upscale");
        // a job submitted between two pages does not shift the pages that follow
        String later = Gateway.submitUpscale(Keys.LISTER);
        JsonPath second = page(Keys.LISTER, "?limit=2&cursor=" + first.getString("nextCursor"));
        JsonPath third = page(Keys.LISTER, "?limit=2&cursor=" + second.getString("nextCursor"));

        assertThat(second.getList("jobs.id", String.class)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(third.getList("jobs.id", String.class)).startsWith(newestFirst.get(4));
        List<String> all = allPages(Keys.LISTER, 3);
        assertThat(all).startsWith(later).containsSubsequence(newestFirst).doesNotHaveDuplicates();
        List<String> neighbours = allPages(Keys.NEIGHBOUR, 100);
        assertThat(neighbours).hasSizeGreaterThanOrEqualTo(5).doesNotContainAnyElementsOf(all);
    }

    @Test
    void deletedJobVanishesFromTheListAndFromTheIndex() {
        String kept = Gateway.submitUpscale(Keys.LISTER);
        String deleted = Gateway.submitUpscale(Keys.LISTER);
        assertThat(store.objects().exists(StorageKeys.tenantEntry("test-list", deleted))).isTrue();

        Gateway.as(Keys.LISTER).delete("/v1/jobs/" + deleted).then().statusCode(204);

        assertThat(allPages(Keys.LISTER, 100)).contains(kept).doesNotContain(deleted);
        assertThat(store.objects().exists(StorageKeys.tenantEntry("test-list", deleted))).isFalse();
    }

    @Test
    void jobGoneBehindTheIndexIsSkipped() {
        String kept = Gateway.submitUpscale(Keys.LISTER);
        String orphaned = Gateway.submitUpscale(Keys.LISTER);
        // as after retention deleted a job in the hour its entry lives in: the entry outlives the job
        store.deleteJob(orphaned);
        views.forget(orphaned);

        assertThat(store.objects().exists(StorageKeys.tenantEntry("test-list", orphaned))).isTrue();
        assertThat(allPages(Keys.LISTER, 100)).contains(kept).doesNotContain(orphaned);
    }

    @Test
    void badLimitOrCursorIsABadRequest() {
        for (String query : List.of("?limit=0", "?limit=101", "?limit=ten")) {
            Gateway.as(Keys.LISTER).get("/v1/jobs" + query).then().statusCode(400)
                    .body("code", equalTo("invalid_limit"));
        }
        Gateway.as(Keys.LISTER).get("/v1/jobs?cursor=not-a-cursor").then().statusCode(400)
                .body("code", equalTo("invalid_cursor"));
        Gateway.as("no-such-key").get("/v1/jobs").then().statusCode(401);
    }

    @Test
    void deleteAllRemovesEveryJobOfTheTenantAndNothingElse() {
        List<String> doomed = List.of(Gateway.submitUpscale(Keys.ERASER), Gateway.submitUpscale(Keys.ERASER));
        String neighbours = Gateway.submitUpscale(Keys.NEIGHBOUR);

        Gateway.as(Keys.ERASER).delete("/v1/jobs").then().statusCode(200).body("deleted", equalTo(2));

        for (String id : doomed) {
            assertThat(store.objects().list(StorageKeys.jobPrefix(id), true)).isEmpty();
            assertThat(store.objects().exists(StorageKeys.tenantEntry("test-erase", id))).isFalse();
            Gateway.as(Keys.ERASER).get("/v1/jobs/" + id).then().statusCode(404);
        }
        Gateway.as(Keys.ERASER).get("/v1/jobs").then().statusCode(200)
                .body("jobs.size()", equalTo(0)).body("nextCursor", nullValue());
        assertThat(store.jobExists(neighbours)).isTrue();
    }

    private static JsonPath page(String key, String query) {
        return Gateway.as(key).get("/v1/jobs" + query).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> allPages(String key, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = page(key, "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            ids.addAll(page.getList("jobs.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }
}
