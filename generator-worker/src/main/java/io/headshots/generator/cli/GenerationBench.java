package io.headshots.generator.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.sun.management.OperatingSystemMXBean;

import io.headshots.contracts.Styles;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.compositing.CompositingEngine;
import io.headshots.generator.engine.compositing.CompositingOptions;

/**
 * Wall and process CPU time (every thread, ONNX Runtime's native ones included) per 1024 x 1024
 * headshot of the default engine, after one warm-up, with the time of each engine step:
 *
 * <pre>GenerationBench PHOTO [--runs N] [--size S]</pre>
 *
 * Runs cycle through the styles. Not a test: timings depend on the machine and its load.
 */
public final class GenerationBench {
    private static final String[] STEPS = {"decode", "detect+checks", "frame", "matte", "composite+encode*",
            "identity"};

    private GenerationBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 4;
        int size = 1024;
        Path photo = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                default -> photo = Path.of(args[i]);
            }
        }
        if (photo == null) {
            System.err.println("usage: bench PHOTO [--runs N] [--size S]");
            System.exit(2);
        }
        byte[] bytes = Files.readAllBytes(photo);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long loadStart = System.nanoTime();
        try (CompositingEngine engine = new CompositingEngine(
                CompositingOptions.defaults(ContactSheetCommand.modelsDir()))) {
            System.out.printf(Locale.ROOT, "models loaded in %.1f s; %d cores%n",
                    (System.nanoTime() - loadStart) / 1e9, Runtime.getRuntime().availableProcessors());
            engine.generate(bytes, new HeadshotRequest(Styles.all().get(0), 99, size), GenerationListener.NONE);
            double[] stepTotals = new double[STEPS.length];
            double wallTotal = 0;
            double cpuTotal = 0;
            for (int run = 0; run < runs; run++) {
                Styles.Style style = Styles.all().get(run % Styles.all().size());
                StepClock clock = new StepClock();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                var headshot = engine.generate(bytes, new HeadshotRequest(style, run, size), clock);
                byte[] png = HeadshotPng.encode(headshot.image());
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                wallTotal += wall;
                cpuTotal += cpu;
                for (int s = 0; s < STEPS.length; s++) {
                    stepTotals[s] += clock.seconds[s];
                }
                System.out.printf(Locale.ROOT, "%-10s wall %5.2f s  cpu %5.2f s  png %d KB  identity d=%.3f%n",
                        style.name(), wall, cpu, png.length / 1024, headshot.identity().distance());
            }
            System.out.printf(Locale.ROOT, "mean per %dx%d headshot: wall %.2f s, process CPU %.2f s%n", size, size,
                    wallTotal / runs, cpuTotal / runs);
            for (int s = 0; s < STEPS.length; s++) {
                System.out.printf(Locale.ROOT, "  %-18s %5.2f s%n", STEPS[s], stepTotals[s] / runs);
            }
            System.out.println("  (* composite+encode is the engine's composite step; PNG encoding is outside it)");
        }
    }

    /** Seconds spent before each step was reported. */
    private static final class StepClock implements GenerationListener {
        final double[] seconds = new double[STEPS.length];
        private long last = System.nanoTime();

        @Override
        public void step(int done, int total) {
            long now = System.nanoTime();
            seconds[Math.min(STEPS.length, done) - 1] += (now - last) / 1e9;
            last = now;
        }
    }
}
