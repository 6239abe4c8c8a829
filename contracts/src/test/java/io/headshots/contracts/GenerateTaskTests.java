package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class GenerateTaskTests {
    private final String jobId = new JobIds(Clock.systemUTC()).next();

    @Test
    void roundTripsAndValidates() {
        GenerateTask task = new GenerateTask(GenerateTask.VERSION, jobId, "tech-1", StorageKeys.input(jobId, "jpg"),
                StorageKeys.generated(jobId, "tech-1", "png"), "tech-1", "tech", 0, 1024, 4096,
                StorageKeys.upscaled(jobId, "tech-1", "png"), Instant.parse("2026-11-26T03:00:00Z"));

        assertThat(Messages.decodeTask(Messages.toJson(task), GenerateTask.class)).isEqualTo(task);
    }

    @Test
    void unknownStyleAndStrayUpscaleKeyArePoison() {
        GenerateTask unknownStyle = new GenerateTask(GenerateTask.VERSION, jobId, "t", StorageKeys.input(jobId, "jpg"),
                StorageKeys.generated(jobId, "t", "png"), "t", "underwater", 0, 1024, 0, null, Instant.now());
        GenerateTask strayKey = new GenerateTask(GenerateTask.VERSION, jobId, "t", StorageKeys.input(jobId, "jpg"),
                StorageKeys.generated(jobId, "t", "png"), "t", "tech", 0, 1024, 0,
                StorageKeys.upscaled(jobId, "t", "png"), Instant.now());

        assertThatThrownBy(unknownStyle::validate).isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(strayKey::validate).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void eightStylesAreOffered() {
        assertThat(Styles.all()).extracting(Styles.Style::name).containsExactly("corporate", "studio", "outdoor",
                "office", "creative", "monochrome", "warm", "tech");
    }
}
