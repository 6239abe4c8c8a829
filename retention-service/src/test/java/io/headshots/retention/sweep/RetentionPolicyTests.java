package io.headshots.retention.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetentionPolicyTests {

    @Test
    void aSweepDeletesWhatWouldPassTheTtlBeforeTheNextSweep() {
        RetentionPolicy policy = new RetentionPolicy(Duration.ofHours(24), Duration.ofMinutes(1));

        assertThat(policy.deleteCreatedBefore(Instant.parse("2030-01-02T12:00:00Z")))
                .isEqualTo(Instant.parse("2030-01-01T12:01:00Z"));
    }

    @Test
    void aTtlOverTwentyFourHoursIsRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofHours(25), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention.ttl");
    }

    @Test
    void anIntervalThatIsNotShorterThanTheTtlIsRefused() {
        // It would delete jobs as soon as they are created.
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention.sweep-interval");
    }
}
