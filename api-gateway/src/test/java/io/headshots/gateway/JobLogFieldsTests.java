package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.gateway.logging.JobLogContext;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.platform.testing.CapturedLogs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every gateway line about a job carries that job's id as the field {@code jobId} (what JSON logs
 * print in {@code mdc}), and only that job's: the field is set where the job is known (submission,
 * the {@code /v1/jobs/{id}} requests) and gone when the request ends, so a later request on the same
 * threads, about another job or about none, never carries it.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobLogFieldsTests {
    private static final String JOB_ID = JobLogContext.JOB_ID;

    @BeforeEach
    void gatewayIsReady() {
        Gateway.awaitReady();
    }

    @Test
    void eachLineAboutAJobCarriesThatJobsIdAndNoLaterRequestCarriesIt() {
        try (CapturedLogs logs = CapturedLogs.install()) {
            String a = Gateway.submitUpscale(Keys.PREMIUM);
            String b = Gateway.submitUpscale(Keys.PREMIUM);
            // Several rounds, so that requests about A, about B and about no job share worker threads.
            for (int round = 0; round < 4; round++) {
                Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + a).then().statusCode(200);
                Gateway.as(Keys.PREMIUM).get("/test/unexpected-failure").then().statusCode(500);
                Gateway.as(Keys.PREMIUM).get("/v1/jobs/" + b).then().statusCode(200);
                Gateway.as(Keys.PREMIUM).get("/v1/jobs/not-a-job-id").then().statusCode(404);
            }
            Gateway.as(Keys.PREMIUM).post("/v1/jobs/" + a + "/cancel").then().statusCode(202);
            Gateway.as(Keys.PREMIUM).get("/test/unexpected-failure").then().statusCode(500);
            Gateway.as(Keys.PREMIUM).delete("/v1/jobs/" + b).then().statusCode(204);
            Gateway.as(Keys.PREMIUM).get("/test/unexpected-failure").then().statusCode(500);

            List<CapturedLogs.Line> lines = logs.records();
            assertThat(about("job queued", lines)).extracting(l -> l.fields().get(JOB_ID))
                    .containsExactlyInAnyOrder(a, b);
            assertThat(about("job canceled on request", lines)).singleElement()
                    .satisfies(l -> assertThat(l.fields()).containsEntry(JOB_ID, a));
            assertThat(about("job deleted on request", lines)).singleElement()
                    .satisfies(l -> assertThat(l.fields()).containsEntry(JOB_ID, b));
            assertThat(about("unexpected failure", lines)).hasSize(6)
                    .allSatisfy(l -> assertThat(l.fields()).doesNotContainKey(JOB_ID));
            // Nothing but a well-formed id of a job in play is ever a field: not the client's path text.
            assertThat(lines).filteredOn(l -> l.fields().containsKey(JOB_ID))
                    .allSatisfy(l -> assertThat(l.fields().get(JOB_ID)).isIn(Set.of(a, b)));
        }
    }

    private static List<CapturedLogs.Line> about(String message, List<CapturedLogs.Line> lines) {
        return lines.stream().filter(l -> l.text().contains(message)).toList();
    }
}
