package io.headshots.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class RunGateTests {
    private final RunGate gate = new RunGate();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Test
    void theSessionsCloseOnlyAfterTheRunInFlightLeaves() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean closedWhileRunning = new AtomicBoolean();
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            gate.enter();
            try {
                running.countDown();
                await(finish);
                closedWhileRunning.set(closed.get());
            } finally {
                gate.leave();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> close = CompletableFuture.supplyAsync(
                () -> gate.closeWhenIdle(Duration.ofSeconds(10), () -> closed.set(true)));
        Thread.sleep(200);
        assertThat(closed).as("closed under a running call").isFalse();
        finish.countDown();

        assertThat(close.get(5, TimeUnit.SECONDS)).isTrue();
        run.get(5, TimeUnit.SECONDS);
        assertThat(closed).isTrue();
        assertThat(closedWhileRunning).isFalse();
    }

    @Test
    void aRunAfterTheCloseIsHandedBack() {
        assertThat(gate.closeWhenIdle(Duration.ofSeconds(1), () -> closed.set(true))).isTrue();

        assertThatThrownBy(gate::enter).isInstanceOf(TaskInterrupted.class);
    }

    @Test
    void aRunStillInFlightAfterTheWaitLeavesTheSessionsOpen() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            gate.enter();
            try {
                running.countDown();
                await(finish);
            } finally {
                gate.leave();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        boolean closedInTime = gate.closeWhenIdle(Duration.ofMillis(200), () -> closed.set(true));

        assertThat(closedInTime).isFalse();
        assertThat(closed).as("never freed under a running call").isFalse();
        assertThatThrownBy(gate::enter).as("no new run after the stop").isInstanceOf(TaskInterrupted.class);
        finish.countDown();
        run.get(5, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
