package io.headshots.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.TaskResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class JobEventSenderTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> keys = new ArrayList<>();

    @Test
    void aProgressEventTheBrokerDoesNotTakeIsDroppedAndCountedWithoutFailingTheTask() {
        CompletableFuture<Void> pending = new CompletableFuture<>();
        JobEventSender sender = new JobEventSender(recording(pending), registry);

        sender.progress(JobEvent.progress("job-1", "image", 3, 10, Instant.now()));
        pending.completeExceptionally(new TimeoutException("Expiring 1 record(s): delivery timeout"));

        assertThat(keys).containsExactly("job-1");
        assertThat(registry.get("headshots.events.dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void aProgressEventRefusedAtOnceIsDroppedToo() {
        JobEventSender sender = new JobEventSender((key, value) -> {
            throw new IllegalStateException("emitter buffer full");
        }, registry);

        sender.progress(JobEvent.started("job-1", "image", Instant.now()));

        assertThat(registry.get("headshots.events.dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void aProgressEventDoesNotWaitForTheBroker() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        JobEventSender sender = new JobEventSender(recording(never), registry);

        sender.progress(JobEvent.progress("job-1", "image", 1, 10, Instant.now()));

        assertThat(keys).containsExactly("job-1");
        assertThat(registry.get("headshots.events.dropped").counter().count()).isZero();
    }

    @Test
    void aTerminalEventIsAwaitedAndKeyedByJob() {
        JobEventSender sender = new JobEventSender(recording(CompletableFuture.completedFuture(null)), registry);

        sender.announce(JobEvent.finished(succeeded()));

        assertThat(keys).containsExactly("job-1");
    }

    @Test
    void aTerminalEventTheBrokerDoesNotTakeHandsTheTaskBack() {
        JobEventSender sender = new JobEventSender(
                recording(CompletableFuture.failedFuture(new TimeoutException("delivery timeout"))), registry);

        assertThatThrownBy(() -> sender.announce(JobEvent.finished(succeeded())))
                .isInstanceOf(TaskInterrupted.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    private JobEventSender.Transport recording(CompletionStage<Void> outcome) {
        return (key, value) -> {
            keys.add(key);
            return outcome;
        };
    }

    private static TaskResult succeeded() {
        return TaskResult.succeeded("job-1", "image", "image", "jobs/2026120510/job-1/upscaled/image.png",
                "image/png", 64, 64, Instant.now());
    }
}
