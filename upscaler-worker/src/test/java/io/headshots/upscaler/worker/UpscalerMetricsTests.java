package io.headshots.upscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.UpscaleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every series a dashboard or alert names is exported from start-up, at zero: a series that appears
 * with its first event hides that event from {@code increase()}, and an alert on it cannot fire.
 */
@QuarkusTest
@QuarkusTestResource(value = UpscalerTestResources.class, restrictToAnnotatedClass = false)
class UpscalerMetricsTests {
    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void everyDashboardSeriesIsExportedBeforeItsFirstEvent() throws Exception {
        String scrape = WorkerScrape.get(metrics);

        for (UpscaleModels.Model model : UpscaleModels.all()) {
            assertThat(scrape).containsPattern(
                    "(?m)^upscaler_task_duration_seconds_count\\{[^}]*model=\"" + model.name() + "\"[^}]*} ");
        }
        for (UpscaleTaskHandler.Outcome outcome : UpscaleTaskHandler.Outcome.values()) {
            assertThat(scrape).containsPattern("(?m)^upscaler_tasks_total\\{[^}]*outcome=\""
                    + outcome.name().toLowerCase(java.util.Locale.ROOT) + "\"[^}]*} ");
        }
        assertThat(scrape).containsPattern("(?m)^upscaler_tiles_total[ {]")
                .containsPattern("(?m)^upscaler_output_bytes_total[ {]")
                .containsPattern("(?m)^upscaler_dead_letters_total[ {]");
    }
}
