package io.headshots.platform.worker;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import sun.misc.Signal;

/**
 * Makes SIGTERM an orderly application exit instead of a JVM shutdown.
 *
 * <p>By default SIGTERM starts the JVM's shutdown hooks, all at once and in no order. ONNX Runtime's
 * Java API registers one that frees its native environment, so it ran while a worker's drain was
 * still finishing a task, and an inference call then crashed the JVM (SIGSEGV in
 * {@code OrtSession.run}; the two committed crash logs of an earlier round). Here SIGTERM asks
 * Quarkus to exit: the application stops first (the handler sees the shutdown, the queue takes no new
 * task and waits for the running one to finish or hand itself back, then the engine closes its
 * sessions once no run is in flight) and only then does the JVM exit and run the remaining hooks,
 * ONNX Runtime's among them, with nothing left running. The exit status is 0: a drained stop.
 */
public final class OrderlyStop {
    private static final Logger LOG = Logger.getLogger(OrderlyStop.class);
    private static boolean installed;

    private OrderlyStop() {
    }

    /** Takes over SIGTERM for this process (idempotent). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: stopping in order (no new task, the running one finished or handed back)");
                Quarkus.asyncExit(0);
            });
            installed = true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGTERM on this platform, or the JVM runs with -Xrs: the JVM's own handling stays.
            LOG.warnf("SIGTERM handler not installed (%s); a stop during inference is not ordered", e.getMessage());
        }
    }
}
