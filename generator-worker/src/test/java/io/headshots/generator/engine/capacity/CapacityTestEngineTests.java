package io.headshots.generator.engine.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;

/** The capacity-test engine: a fixed hold with progress, prompt cancellation, deterministic pixels. */
class CapacityTestEngineTests {
    private static final byte[] PHOTO = "not even an image: the engine only hashes it".getBytes();
    private static final Styles.Style STYLE = Styles.all().get(0);
    private static final Styles.Style OTHER_STYLE = Styles.all().get(1);

    private final CapacityTestEngine instant = new CapacityTestEngine(Duration.ZERO);

    private byte[] png(byte[] photo, Styles.Style style, int variant) {
        Headshot h = instant.generate(photo, new HeadshotRequest(style, variant, 1024), GenerationListener.NONE);
        return HeadshotPng.encode(h.image());
    }

    @Test
    void sameTaskGivesIdenticalBytesAndTheRequestedSize() {
        Headshot h = instant.generate(PHOTO, new HeadshotRequest(STYLE, 2, 1024), GenerationListener.NONE);

        assertThat(h.image().getWidth()).isEqualTo(1024);
        assertThat(h.image().getHeight()).isEqualTo(1024);
        assertThat(png(PHOTO, STYLE, 2)).isEqualTo(png(PHOTO, STYLE, 2)).isEqualTo(HeadshotPng.encode(h.image()));
        // a second engine, as another worker would have
        assertThat(HeadshotPng.encode(new CapacityTestEngine(Duration.ZERO)
                .generate(PHOTO, new HeadshotRequest(STYLE, 2, 1024), GenerationListener.NONE).image()))
                .isEqualTo(png(PHOTO, STYLE, 2));
        assertThat(instant.generate(PHOTO, new HeadshotRequest(STYLE, 0, 256), GenerationListener.NONE).image()
                .getWidth()).isEqualTo(256);
    }

    @Test
    void anotherVariantStyleOrPhotoGivesAnotherImage() {
        byte[] base = png(PHOTO, STYLE, 0);

        assertThat(png(PHOTO, STYLE, 1)).isNotEqualTo(base);
        assertThat(png(PHOTO, OTHER_STYLE, 0)).isNotEqualTo(base);
        byte[] otherPhoto = PHOTO.clone();
        otherPhoto[0] ^= 1;
        assertThat(png(otherPhoto, STYLE, 0)).isNotEqualTo(base);
    }

    @Test
    void saysPlainlyThatItCheckedNoIdentity() {
        Headshot h = instant.generate(PHOTO, new HeadshotRequest(STYLE, 0, 128), GenerationListener.NONE);

        assertThat(h.notes()).containsExactly(CapacityTestEngine.NOTE);
        assertThat(h.notes().get(0)).contains("no model").contains("no identity check");
        assertThat(instant.name()).isEqualTo("capacity-test");
    }

    @Test
    void holdsTheTaskForTheConfiguredTimeReportingEveryStep() {
        List<int[]> steps = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void step(int done, int total) {
                steps.add(new int[] {done, total});
            }
        };
        long start = System.nanoTime();
        new CapacityTestEngine(Duration.ofMillis(300)).generate(PHOTO, new HeadshotRequest(STYLE, 0, 128), listener);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isBetween(300L, 3_000L);
        assertThat(steps).hasSize(CapacityTestEngine.STEPS);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).containsExactly(i + 1, CapacityTestEngine.STEPS);
        }
    }

    @Test
    void stopsPromptlyWhenTheListenerSaysCancelled() {
        AtomicBoolean cancel = new AtomicBoolean();
        GenerationListener listener = new GenerationListener() {
            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                new CapacityTestEngine(Duration.ofSeconds(30)).generate(PHOTO, new HeadshotRequest(STYLE, 0, 128),
                        listener);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        sleep(150);
        long cancelledAt = System.nanoTime();
        cancel.set(true);
        join(worker, 5_000);
        long stopMs = (System.nanoTime() - cancelledAt) / 1_000_000;

        assertThat(worker.isAlive()).isFalse();
        assertThat(stopMs).isLessThan(1_000);
        assertThat(thrown.get()).isInstanceOf(GenerationFailure.class);
        assertThat(((GenerationFailure) thrown.get()).code()).isEqualTo(GenerationFailure.CANCELED);
    }

    @Test
    void aTaskCancelledBeforeItStartsDoesNotRun() {
        GenerationListener cancelled = new GenerationListener() {
            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new CapacityTestEngine(Duration.ofSeconds(30))
                .generate(PHOTO, new HeadshotRequest(STYLE, 0, 128), cancelled))
                .isInstanceOfSatisfying(GenerationFailure.class,
                        e -> assertThat(e.code()).isEqualTo(GenerationFailure.CANCELED));
    }

    @Test
    void anInterruptStopsItAsCancelled() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                new CapacityTestEngine(Duration.ofSeconds(30)).generate(PHOTO, new HeadshotRequest(STYLE, 0, 128),
                        GenerationListener.NONE);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        sleep(100);
        worker.interrupt();
        join(worker, 5_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(GenerationFailure.class,
                e -> assertThat(e.code()).isEqualTo(GenerationFailure.CANCELED));
    }

    @Test
    void refusesANegativeHold() {
        assertThatThrownBy(() -> new CapacityTestEngine(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void join(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
