package io.headshots.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ShareGroupSettingsTests {

    @Test
    void theBrokerStopsOneDeliveryAfterTheAttemptsSoTheWorkerCanRecordTheFailure() {
        var settings = ShareGroupSettings.of(config(Duration.ofSeconds(30), 4));

        assertThat(settings).containsEntry("share.delivery.count.limit", "5")
                .containsEntry("share.record.lock.duration.ms", "30000")
                .containsEntry("share.auto.offset.reset", "earliest");
    }

    @Test
    void attemptsTheBrokerCannotCountAreRefused() {
        assertThatThrownBy(() -> ShareGroupSettings.of(config(Duration.ofSeconds(30), 10)))
                .hasMessageContaining("max-attempts must be 1..9");
        assertThatThrownBy(() -> ShareGroupSettings.of(config(Duration.ofSeconds(30), 0)))
                .hasMessageContaining("max-attempts must be 1..9");
    }

    private static QueueConfig config(Duration lock, int attempts) {
        return new TestQueueConfig(lock, attempts);
    }
}
