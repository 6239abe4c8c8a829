package io.headshots.upscaler.cli;

import io.headshots.upscaler.engine.OutputFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which files to upscale and where each result goes. A directory input means every
 * JPEG, PNG or WebP file directly inside it; results then go into the output directory
 * under the input's base name with the output format's extension. Inputs whose base names
 * collide ({@code a.jpg}, {@code a.png}) keep their extension in the name ({@code a-jpg.png},
 * {@code a-png.png}), so no result replaces another; a plan that would write over one of its
 * inputs is refused.
 */
final class UpscaleJobs {

    /** One input file and the file its result is written to. */
    record Job(Path input, Path output) {
    }

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");

    private UpscaleJobs() {
    }

    static List<Job> plan(Path in, Path out, OutputFormat format) throws IOException {
        if (Files.isDirectory(in)) {
            List<Path> images = imagesIn(in);
            if (images.isEmpty()) {
                throw new IOException("no JPEG, PNG or WebP files in " + in);
            }
            Map<String, Long> byBaseName = images.stream()
                    .collect(Collectors.groupingBy(f -> baseName(f).toLowerCase(Locale.ROOT), Collectors.counting()));
            List<Job> jobs = new ArrayList<>();
            for (Path file : images) {
                boolean collides = byBaseName.get(baseName(file).toLowerCase(Locale.ROOT)) > 1;
                String name = collides ? baseName(file) + "-" + extension(file) : baseName(file);
                jobs.add(new Job(file, out.resolve(name + "." + format.extension())));
            }
            return refuseOverwritingInputs(jobs, images);
        }
        if (!Files.isRegularFile(in)) {
            throw new IOException("no such file: " + in);
        }
        Path target = Files.isDirectory(out) ? out.resolve(baseName(in) + "." + format.extension()) : out;
        return refuseOverwritingInputs(List.of(new Job(in, target)), List.of(in));
    }

    private static List<Job> refuseOverwritingInputs(List<Job> jobs, List<Path> inputs) throws IOException {
        Set<Path> originals = new HashSet<>();
        for (Path input : inputs) {
            originals.add(input.toRealPath());
        }
        for (Job job : jobs) {
            Path target = job.output().toAbsolutePath().normalize();
            if (originals.contains(target) || Files.exists(target) && originals.contains(target.toRealPath())) {
                throw new IOException("the result of " + job.input().getFileName() + " would overwrite an input ("
                        + target + "): choose another output");
            }
        }
        return jobs;
    }

    /** The format an output path's extension asks for, or null. */
    static OutputFormat formatOf(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return OutputFormat.JPEG;
        }
        if (name.endsWith(".png")) {
            return OutputFormat.PNG;
        }
        return null;
    }

    private static List<Path> imagesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> IMAGE_EXTENSIONS.contains(extension(f)))
                    .sorted()
                    .toList();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
