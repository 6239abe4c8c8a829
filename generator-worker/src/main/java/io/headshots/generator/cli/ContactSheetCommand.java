package io.headshots.generator.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.headshots.contracts.Styles;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.generator.engine.compositing.CompositingEngine;
import io.headshots.generator.engine.compositing.CompositingOptions;
import io.headshots.generator.engine.compositing.SetVariety;

/**
 * Runs the default engine locally (no Kafka, no S3) on one photo and tiles what one job would deliver
 * into a labelled contact sheet, for a person to look at:
 *
 * <pre>ContactSheetCommand PHOTO OUT.png [--styles a,b,...] [--count N] [--size S] [--tile T] [--keep DIR]</pre>
 *
 * One row per style, {@code count} variants each (one variant per style: rows of four); a failed output
 * shows its failure code. With {@code --count N > 1} it prints each style's variety on standard output:
 * the median pairwise difference of its outputs on the subject region ({@link SetVariety}).
 * {@code --keep DIR} also writes every headshot at full size. Models come
 * from {@code HEADSHOT_MODELS_DIR} (default {@code ~/.cache/headshot-pipeline/models}).
 * Exit codes: 0 sheet written, 1 every output failed or the sheet could not be written, 2 bad usage.
 */
public final class ContactSheetCommand {
    private static final String USAGE =
            "usage: contact-sheet PHOTO OUT.png [--styles a,b,...] [--count N] [--size S] [--tile T] [--keep DIR]";

    private ContactSheetCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> positional = new ArrayList<>();
        List<Styles.Style> styles = Styles.all();
        int count = 1;
        int size = 1024;
        int tile = 320;
        Path keep = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--styles" -> styles = parseStyles(args[++i]);
                    case "--count" -> count = Integer.parseInt(args[++i]);
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--tile" -> tile = Integer.parseInt(args[++i]);
                    case "--keep" -> keep = Path.of(args[++i]);
                    default -> positional.add(args[i]);
                }
            }
            if (positional.size() != 2 || count < 1 || tile < 64) {
                throw new IllegalArgumentException("expected PHOTO and OUT.png");
            }
        } catch (RuntimeException e) {
            System.err.println("contact-sheet: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        Path photo = Path.of(positional.get(0));
        Path out = Path.of(positional.get(1));
        try (CompositingEngine engine = new CompositingEngine(CompositingOptions.defaults(modelsDir()))) {
            byte[] bytes = Files.readAllBytes(photo);
            // one row per style; a single variant per style wraps into rows of four
            int columns = count > 1 ? count : Math.min(4, styles.size());
            int total = styles.size() * count;
            Sheet sheet = new Sheet((total + columns - 1) / columns, columns, tile);
            if (keep != null) {
                Files.createDirectories(keep);
            }
            int delivered = 0;
            for (int s = 0; s < styles.size(); s++) {
                List<BufferedImage> row = new ArrayList<>();
                for (int variant = 0; variant < count; variant++) {
                    Styles.Style style = styles.get(s);
                    int slot = s * count + variant;
                    long start = System.nanoTime();
                    String label;
                    BufferedImage image = null;
                    try {
                        Headshot headshot = engine.generate(bytes, new HeadshotRequest(style, variant, size),
                                GenerationListener.NONE);
                        image = headshot.image();
                        row.add(image);
                        delivered++;
                        if (keep != null) {
                            Files.write(keep.resolve(style.name() + "-" + variant + ".png"), HeadshotPng.encode(image));
                        }
                        // short enough for a small tile; the cosine goes to standard error with the timing
                        label = String.format(Locale.ROOT, "%s #%d  d=%.2f", style.name(), variant,
                                headshot.identity().distance());
                        System.err.printf(Locale.ROOT, "%s #%d cosine %.3f%n", style.name(), variant,
                                headshot.identity().cosine());
                        headshot.notes().stream().filter(n -> !n.startsWith("identity"))
                                .forEach(n -> System.err.println("note: " + n));
                    } catch (GenerationFailure e) {
                        label = style.name() + " #" + variant + "  " + e.code();
                        System.err.println(style.name() + " #" + variant + ": " + e.code() + ": " + e.getMessage());
                    }
                    System.err.printf(Locale.ROOT, "%s (%.1f s)%n", label, (System.nanoTime() - start) / 1e9);
                    sheet.put(slot / columns, slot % columns, image, label);
                }
                if (row.size() > 1) {
                    // the set's variety where it matters: on the person, not only the backdrop
                    System.out.printf(Locale.ROOT, "variety %s: %d outputs, median pairwise subject difference %.1f (0..255)%n",
                            styles.get(s).name(), row.size(), SetVariety.medianPairwiseDifference(row));
                }
            }
            Files.write(out, HeadshotPng.encode(sheet.image));
            return delivered > 0 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("contact-sheet: " + e.getMessage());
            return 1;
        }
    }

    static Path modelsDir() {
        String env = System.getenv("HEADSHOT_MODELS_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "headshot-pipeline", "models");
    }

    private static List<Styles.Style> parseStyles(String list) {
        List<Styles.Style> styles = new ArrayList<>();
        for (String name : list.split(",")) {
            styles.add(Styles.byName(name.trim())
                    .orElseThrow(() -> new IllegalArgumentException("unknown style " + name.trim())));
        }
        return styles;
    }

    /** A grid of square tiles with a caption strip under each. */
    private static final class Sheet {
        private static final int CAPTION = 24;
        private final BufferedImage image;
        private final int tile;

        Sheet(int rows, int columns, int tile) {
            this.tile = tile;
            this.image = new BufferedImage(columns * tile, rows * (tile + CAPTION), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(32, 32, 32));
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.dispose();
        }

        void put(int row, int column, BufferedImage headshot, String label) {
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int x = column * tile;
            int y = row * (tile + CAPTION);
            if (headshot != null) {
                g.drawImage(scaled(headshot, tile), x, y, null);
            }
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(label, x + 6, y + tile + 17);
            g.dispose();
        }

        /** Halving steps, then one bilinear step: a clean thumbnail without aliasing. */
        private static BufferedImage scaled(BufferedImage image, int side) {
            BufferedImage current = image;
            while (current.getWidth() / 2 >= side) {
                current = resize(current, current.getWidth() / 2);
            }
            return current.getWidth() == side ? current : resize(current, side);
        }

        private static BufferedImage resize(BufferedImage image, int side) {
            BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, side, side, null);
            g.dispose();
            return out;
        }
    }

    static {
        ImageIO.scanForPlugins();
    }
}
