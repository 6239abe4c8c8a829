package io.headshots.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/** The production retry schedule: 3 min doubling to 3 h, full jitter, 8 attempts within ~6.4 h. */
class RetryScheduleTests {
    private final RetrySchedule production = new RetrySchedule(Duration.ofMinutes(3), Duration.ofHours(3));

    @Test
    void ceilingDoublesPerFailedAttemptUpToTheMaximum() {
        assertThat(production.ceiling(1)).isEqualTo(Duration.ofMinutes(3));
        assertThat(production.ceiling(2)).isEqualTo(Duration.ofMinutes(6));
        assertThat(production.ceiling(5)).isEqualTo(Duration.ofMinutes(48));
        assertThat(production.ceiling(7)).isEqualTo(Duration.ofHours(3)); // 192 min, capped
        assertThat(production.ceiling(60)).isEqualTo(Duration.ofHours(3)); // no overflow
    }

    @Test
    void sevenWaitsBetweenEightAttemptsAddUpToAtMostAboutSixAndAHalfHours() {
        Duration worst = Duration.ZERO;
        for (int failed = 1; failed < 8; failed++) {
            worst = worst.plus(production.ceiling(failed));
        }
        assertThat(worst).isLessThanOrEqualTo(Duration.ofMinutes(381)).isLessThan(Duration.ofHours(24));
    }

    @Test
    void waitIsDrawnUniformlyBetweenZeroAndTheCeiling() {
        assertThat(production.delay(3, bound -> 0)).isEqualTo(Duration.ZERO);
        assertThat(production.delay(3, bound -> bound)).isEqualTo(Duration.ofMinutes(12));
        for (int i = 0; i < 1000; i++) {
            Duration d = production.delay(4, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMinutes(24));
        }
    }
}
