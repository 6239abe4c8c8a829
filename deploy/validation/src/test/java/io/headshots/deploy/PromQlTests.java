package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTests {

    @Test
    void functionsAggregationsAndLabelListsAreNotMetrics() {
        String expr = "histogram_quantile(0.95, sum by (le, model) (rate(upscaler_task_duration_seconds_bucket[5m])))";

        assertThat(PromQl.selectors(expr)).containsExactly("upscaler_task_duration_seconds_bucket");
        assertThat(PromQl.families(expr)).containsExactly("upscaler_task_duration_seconds");
    }

    @Test
    void labelMatchersAndTheirValuesAreDropped() {
        String expr = "sum(rate(http_server_requests_seconds_count{job=\"api-gateway\",status=~\"5..\", uri!=\"rate(x)\"}[5m]))";

        assertThat(PromQl.families(expr)).containsExactly("http_server_requests_seconds");
    }

    @Test
    void binaryOperatorsKeywordsAndMatchingModifiersLeaveBothSides() {
        String expr = "max by (job, instance) (max_over_time(kafka_consumer_fetch_manager_records_lag_max{job=\"w\"}[30m])) > 0"
                + " unless on (job, instance) increase(upscaler_tiles_total[30m]) > bool 0"
                + " and ignoring(code) group_left(model) retention_ttl_seconds offset 5m";

        assertThat(PromQl.selectors(expr)).containsExactly("kafka_consumer_fetch_manager_records_lag_max",
                "upscaler_tiles_total", "retention_ttl_seconds");
    }

    @Test
    void countersKeepTotalAndMicrometerMaxGaugesKeepMax() {
        assertThat(PromQl.families("a_total + b_seconds_max + c_seconds_sum / c_seconds_count"))
                .containsExactly("a_total", "b_seconds_max", "c_seconds");
    }

    @Test
    void grafanaVariablesDurationsNumbersAndSubqueriesAreNotMetrics() {
        String expr = "deriv(max(lag_metric{instance=~\"$instance\"})[15m:1m]) > 1e3 * 2.5 + rate(x_total[$__rate_interval]) - time() + 0x1f";

        assertThat(PromQl.selectors(expr)).containsExactly("lag_metric", "x_total");
    }

    @Test
    void recordingRuleNamesWithColonsAreMetrics() {
        assertThat(PromQl.selectors("job:upscaler_tiles:rate5m > 0")).containsExactly("job:upscaler_tiles:rate5m");
    }

    @Test
    void subqueriesOverAggregationsAndVectorMatchingReadTheirMetrics() {
        String expr = "min_over_time(sum by (queue) (max by (queue, lane) (headshots_queue_pending_tasks))[30m:1m]) > 0"
                + " unless on (queue) sum by (queue) (increase(headshots_task_wait_seconds_count[30m])) > 0";

        assertThat(PromQl.families(expr)).containsExactly("headshots_queue_pending_tasks", "headshots_task_wait_seconds");
    }

    @Test
    void equalityMatchersOfOneMetricAreReadPerSelector() {
        String expr = "histogram_quantile(0.95, sum by (le) (rate(x_seconds_bucket{queue=\"generate\", lane=\"premium\","
                + " job!=\"a\", instance=~\"b.*\"}[5m]))) / x_seconds_bucket + x_seconds_bucket_other{lane=\"free\"}";

        assertThat(PromQl.equalityMatchers(expr, "x_seconds_bucket"))
                .containsExactly(java.util.Map.of("queue", "generate", "lane", "premium"), java.util.Map.of());
        assertThat(PromQl.equalityMatchers(expr, "x_seconds")).isEmpty();
    }

    @Test
    void unbalancedExpressionsAreRejected() {
        assertThatThrownBy(() -> PromQl.selectors("sum(rate(x[5m])")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.selectors("x{job=\"a}")).isInstanceOf(IllegalArgumentException.class);
    }
}
