package io.headshots.generator.worker;

import java.awt.image.BufferedImage;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.IdentityScore;
import io.headshots.platform.worker.RunGate;

/**
 * The configured engine, closed only when no generation is in flight: its ONNX Runtime sessions
 * must not be freed under a running call (that crashes the JVM). A generation that starts after the
 * close began is handed back to the queue.
 */
final class GatedEngine implements HeadshotEngine {
    private static final Logger LOG = Logger.getLogger(GatedEngine.class);
    /** How long a close waits for generations in flight to end (the worker's drain is 25 s). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final HeadshotEngine engine;
    private final RunGate gate = new RunGate();

    GatedEngine(HeadshotEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public Headshot generate(byte[] photo, HeadshotRequest request, GenerationListener listener) {
        gate.enter();
        try {
            return engine.generate(photo, request, listener);
        } finally {
            gate.leave();
        }
    }

    @Override
    public IdentityScore checkIdentity(byte[] photo, BufferedImage output) {
        gate.enter();
        try {
            return engine.checkIdentity(photo, output);
        } finally {
            gate.leave();
        }
    }

    @Override
    public void close() {
        if (!gate.closeWhenIdle(CLOSE_WAIT, engine::close)) {
            LOG.warnf("engine sessions left open: a generation was still running %d s after the stop began",
                    CLOSE_WAIT.toSeconds());
        }
    }
}
