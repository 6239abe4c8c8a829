package io.headshots.models;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fetch [NAME...]}, {@code list} and {@code path NAME} over the default {@link ModelStore}.
 * Failures print one line to stderr and exit non-zero, so shell scripts can rely on {@code set -e}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Fetch, convert and locate the pipeline's ONNX models.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class, ModelsCommand.PathOf.class})
public final class ModelsCommand implements Callable<Integer> {

    static final int FAILED = 1;

    private final ModelStore store;

    ModelsCommand(ModelStore store) {
        this.store = store;
    }

    public static void main(String[] args) {
        System.exit(run(ModelStore.defaultStore(), args));
    }

    static int run(ModelStore store, String... args) {
        return run(store, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(ModelStore store, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ModelsCommand(store));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(e));
            return FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }

    @Command(name = "fetch", description = "Fetch and convert models (default: every catalogue model); prints NAME<TAB>PATH per model, and on stderr each model n/N as it is fetched, with its size.")
    static final class Fetch implements Callable<Integer> {

        @CommandLine.ParentCommand
        ModelsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Catalogue names, or paths to .onnx / ncnn .param files.")
        List<String> names;

        @Override
        public Integer call() {
            List<String> wanted = names == null || names.isEmpty()
                    ? parent.store.catalogue().stream().map(ModelEntry::name).toList()
                    : names;
            PrintWriter progress = spec.commandLine().getErr();
            for (int i = 0; i < wanted.size(); i++) {
                String name = wanted.get(i);
                // Asked first, so that an unknown name fails with its one error line and nothing else.
                boolean cached = parent.store.cached(name).isPresent();
                String which = "model " + (i + 1) + "/" + wanted.size() + " " + name;
                long started = System.nanoTime();
                if (!cached) {
                    progress.println(which + ": fetching and converting ...");
                }
                Path path = parent.store.ensure(name);
                progress.println(which + (cached ? ": in the cache, " : ": ready, ") + size(path)
                        + (cached ? "" : String.format(", %.0f s", (System.nanoTime() - started) / 1e9)));
                spec.commandLine().getOut().println(name + "\t" + path);
            }
            return CommandLine.ExitCode.OK;
        }

        private static String size(Path file) {
            try {
                long bytes = java.nio.file.Files.size(file);
                return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0)
                        : String.format("%d kB", Math.max(1, bytes / 1024));
            } catch (java.io.IOException e) {
                return "size unknown";
            }
        }
    }

    @Command(name = "list", description = "List catalogue models: name, task (and scale), default or not, architecture, weights licence, cached or not, source package and its licence.")
    static final class ListModels implements Callable<Integer> {

        @CommandLine.ParentCommand
        ModelsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            for (ModelEntry e : parent.store.catalogue()) {
                String state = parent.store.cached(e.name()).isPresent() ? "cached" : "not fetched";
                String task = e.task() == ModelTask.UPSCALE ? "upscale x" + e.scale() : e.task().id();
                spec.commandLine().getOut().printf("%-28s %-16s %-7s %-13s %-13s %-11s %s (package %s)%n", e.name(), task,
                        e.defaultForTask() ? "default" : "-", e.architecture(), e.licence(), state, e.source().npmSpec(),
                        e.source().packageLicence());
            }
            return CommandLine.ExitCode.OK;
        }
    }

    @Command(name = "path", description = "Print the cached ONNX path of NAME; fails when it has not been fetched.")
    static final class PathOf implements Callable<Integer> {

        @CommandLine.ParentCommand
        ModelsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Path path = parent.store.cached(name).orElseThrow(() -> new ModelUnavailableException(
                    name + " is not fetched yet; run: fetch " + name));
            spec.commandLine().getOut().println(path);
            return CommandLine.ExitCode.OK;
        }
    }
}
