package io.headshots.generator.engine.capacity;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityScore;

/**
 * For capacity benchmarks only ({@code bench/capacity-bench.sh}): no model, no face, no identity
 * check. Each task is held for a fixed time ({@code generator.capacity-test.hold}) in
 * {@value #STEPS} steps, reported to the listener, which is asked every few milliseconds whether to
 * stop; the result is a synthetic pattern (gradient and rings) of the requested size seeded by the
 * photo's bytes, the style and the variant only, so the same task always gives the same pixels and
 * another variant another image. The photo is hashed, never decoded.
 *
 * <p>It lets a small machine host many workers: a task costs a sleep, not a matting run. It is
 * refused at start-up in the production profile ({@link CapacityTestGuard}).
 */
public final class CapacityTestEngine implements HeadshotEngine {
    /** The name {@code generator.engine} selects it by. */
    public static final String NAME = "capacity-test";
    /** Progress steps of one task; the hold is spread evenly over them. */
    public static final int STEPS = 10;
    /** Says what this engine did not do; the identity score beside it is a placeholder. */
    public static final String NOTE = "capacity-test engine: no model ran and no identity check was made;"
            + " the image is a synthetic pattern";
    /** Not a measurement: this engine compares no faces. Distance 0 so that no threshold trips. */
    static final IdentityScore PLACEHOLDER_IDENTITY = new IdentityScore(1.0, 0.0);
    /** Longest sleep between two cancellation checks. */
    private static final long POLL_NANOS = 20_000_000L;

    private final long holdNanos;

    /** @param hold how long each task takes, at least zero */
    public CapacityTestEngine(Duration hold) {
        if (hold == null || hold.isNegative()) {
            throw new IllegalArgumentException("generator.capacity-test.hold must be zero or more, got " + hold);
        }
        this.holdNanos = hold.toNanos();
    }

    @Override
    public String name() {
        return NAME;
    }

    public Duration hold() {
        return Duration.ofNanos(holdNanos);
    }

    @Override
    public Headshot generate(byte[] photo, HeadshotRequest request, GenerationListener listener) {
        long start = System.nanoTime();
        stopIfCancelled(listener);
        BufferedImage image = render(photo, request);
        for (int step = 1; step <= STEPS; step++) {
            waitUntil(start + holdNanos * step / STEPS, listener);
            listener.step(step, STEPS);
        }
        stopIfCancelled(listener);
        return new Headshot(image, PLACEHOLDER_IDENTITY, List.of(NOTE));
    }

    /** Sleeps until {@code deadline} (a nanoTime), asking the listener between short sleeps. */
    private static void waitUntil(long deadline, GenerationListener listener) {
        while (true) {
            stopIfCancelled(listener);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long nap = Math.min(left, POLL_NANOS);
            try {
                Thread.sleep(nap / 1_000_000L, (int) (nap % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationFailure(GenerationFailure.CANCELED, "the task was interrupted");
            }
        }
    }

    private static void stopIfCancelled(GenerationListener listener) {
        if (listener.cancelled()) {
            throw new GenerationFailure(GenerationFailure.CANCELED, "the task was stopped");
        }
    }

    /**
     * A square of {@code request.size()} pixels: a flat colour with a darker band whose position marks
     * the variant; colour and band come from a seed of SHA-256(photo, style, variant). Flat on purpose:
     * its PNG encodes in milliseconds, since the benchmark measures the queue, and here a dozen workers
     * share two cores (a real engine's image costs its worker tens of milliseconds of deflate).
     */
    static BufferedImage render(byte[] photo, HeadshotRequest request) {
        SplittableRandom random = new SplittableRandom(seed(photo, request.style().name(), request.variant()));
        int side = request.size();
        int[] base = colour(random);
        int bandTop = random.nextInt(0, Math.max(1, side - side / 8));
        int bandBottom = bandTop + Math.max(1, side / 16) + request.variant() % Math.max(1, side / 16);
        int plain = base[0] << 16 | base[1] << 8 | base[2];
        int dark = clamp(base[0] - 40) << 16 | clamp(base[1] - 40) << 8 | clamp(base[2] - 40);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        // Straight into the raster's pixels: setRGB converts pixel by pixel through the colour model,
        // tens of milliseconds per image that twelve workers on two cores would pay at once.
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int bandStart = Math.min(side, bandTop) * side;
        int bandEnd = Math.min(side, bandBottom) * side;
        Arrays.fill(pixels, 0, bandStart, plain);
        Arrays.fill(pixels, bandStart, bandEnd, dark);
        Arrays.fill(pixels, bandEnd, pixels.length, plain);
        return image;
    }

    static long seed(byte[] photo, String style, int variant) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(photo);
            sha.update((byte) 0);
            sha.update(style.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(variant).array());
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static int[] colour(SplittableRandom random) {
        return new int[] {random.nextInt(40, 216), random.nextInt(40, 216), random.nextInt(40, 216)};
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /** No model, no check: the placeholder score, as on every output of this engine. */
    @Override
    public IdentityScore checkIdentity(byte[] photo, BufferedImage output) {
        return PLACEHOLDER_IDENTITY;
    }

    @Override
    public void close() {
        // nothing loaded
    }
}
