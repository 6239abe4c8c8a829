package io.headshots.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Lane;
import io.headshots.contracts.UpscaleTask;
import io.headshots.platform.tracing.TaskTracing;

/**
 * Which lanes a queue may have: both, or the premium lane alone (the generator's identity checks
 * after upscaling); never the free lane alone. A premium-only queue waits on its one lane long (a
 * record still comes at once), not with the short probe that keeps a two-lane worker's free work
 * moving, nor with the short idle poll of a two-lane worker's free lane.
 */
class TaskQueueSpecTests {
    private final TestQueueConfig config = new TestQueueConfig(Duration.ofSeconds(15), 4);

    @Test
    void aQueueOfThePremiumLaneAloneIsAcceptedAndWaitsOnItsOneLaneLong() {
        TaskQueue<UpscaleTask> alone = queue(Map.of(Lane.PREMIUM, "checks.premium"));
        TaskQueue<UpscaleTask> both = queue(Map.of(Lane.FREE, "work", Lane.PREMIUM, "work.premium"));

        assertThat(config.idlePoll()).isLessThan(TaskQueue.SINGLE_LANE_WAIT);
        assertThat(alone.pollTime(Lane.PREMIUM)).isEqualTo(TaskQueue.SINGLE_LANE_WAIT);
        assertThat(both.pollTime(Lane.PREMIUM)).isEqualTo(TaskQueue.PREMIUM_PROBE);
        assertThat(both.pollTime(Lane.FREE)).isEqualTo(config.idlePoll());
    }

    @Test
    void aQueueWithoutAPremiumTopicIsRefused() {
        assertThatThrownBy(() -> new TaskQueue.Spec("work", "group", Map.of(Lane.FREE, "work"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("premium topic");
        assertThatThrownBy(() -> new TaskQueue.Spec("work", "group", Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private TaskQueue<UpscaleTask> queue(Map<Lane, String> topics) {
        return new TaskQueue<>(new TaskQueue.Spec("test", "group", topics, 1), config, "localhost:1", null,
                null, TaskTracing.disabled());
    }
}
