package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * A long task logs nothing unusual. Tasks run on the work queue's own threads, not on Vert.x worker
 * threads, so Vert.x's blocked-thread checker (which used to log a "Thread blocked" warning with a
 * stack trace every 2 s of a long upscale, 388 KB of log for one 4-minute task) never sees them.
 * Here its thresholds are cut from 60 s to 1 s, so a task of many seconds stands for one of many
 * minutes: any task on a checked thread would be reported.
 */
class LongTaskLogIT {
    @Test
    void aTaskManyTimesLongerThanTheBlockedThreadLimitLogsNoBlockedThreadWarning() {
        TestSystem system = TestSystem.get();
        GatewayClient gateway = system.client();
        Map<String, String> props = new HashMap<>(TestSystem.slowTiles(32));
        props.put("quarkus.vertx.max-worker-execute-time", "1s");
        props.put("quarkus.vertx.max-event-loop-execute-time", "1s");
        props.put("quarkus.vertx.warning-exception-time", "1s");
        ServiceProcess worker = system.newWorker(props).start().awaitReady(TestSystem.START_TIMEOUT);
        try {
            long mark = worker.logLength();
            long start = System.nanoTime();

            String id = gateway.submitFast(Images.png(512, 384), "scale", "2"); // ~200 tiles of 32 px
            JsonNode job = gateway.awaitTerminal(id, Duration.ofSeconds(180));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("succeeded");
            assertThat(took).as("the task outlasts the 1 s blocked-thread limit many times").isGreaterThan(
                    Duration.ofSeconds(4));
            String log = worker.logSince(mark);
            assertThat(log).doesNotContain("has been blocked for").doesNotContain("Thread blocked");
        } finally {
            worker.kill();
        }
    }
}
