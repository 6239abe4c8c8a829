package io.headshots.deploy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus metric families the services register themselves, read from their sources the way
 * Micrometer's Prometheus naming convention turns them into names: dots become underscores, a base
 * unit is appended, timers are in seconds (families {@code x_seconds} and {@code x_seconds_max}),
 * counters end in {@code _total}. Registrations found: {@code Counter.builder}, {@code Timer.builder},
 * {@code Gauge.builder}, {@code DistributionSummary.builder}, {@code MultiGauge.builder},
 * {@code FunctionCounter.builder}, {@code FunctionTimer.builder}, {@code TimeGauge.builder} and
 * {@code registry.counter/timer/gauge}, with the name as a literal or a {@code static final String}
 * constant: of the same file, or (plain or qualified, {@code QueueMetrics.PENDING}) of any file of
 * the modules read together, where its simple name is not ambiguous.
 */
final class MicrometerSource {
    private static final String NAME = "(\"[^\"]+\"|[A-Za-z_][\\w.]*)";
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|DistributionSummary|MultiGauge|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\.builder\\(\\s*" + NAME);
    private static final Pattern SHORTHAND = Pattern.compile(
            "\\.(counter|timer|gauge|summary)\\(\\s*(\"[^\"]+\"|(?:[A-Za-z_]\\w*\\.)*[A-Z_][A-Z0-9_]*)\\s*[,)]");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*" + NAME + "\\s*\\)");
    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");

    private MicrometerSource() {
    }

    /** Every family the given modules register; constants resolve across all of their files. */
    static Set<String> families(Iterable<String> modules) {
        Map<String, String> code = new LinkedHashMap<>();
        for (String module : modules) {
            for (Path file : Repo.mainSources(module)) {
                code.put(file.toString(), Repo.read(file));
            }
        }
        Map<String, String> shared = sharedConstants(code.values());
        Set<String> families = new TreeSet<>();
        code.values().forEach(c -> families.addAll(familiesIn(c, shared)));
        return families;
    }

    /** The {@code static final String} constants of several files by simple name, ambiguous names left out. */
    static Map<String, String> sharedConstants(Iterable<String> sources) {
        Map<String, String> constants = new LinkedHashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String source : sources) {
            Matcher c = CONSTANT.matcher(source);
            while (c.find()) {
                String previous = constants.putIfAbsent(c.group(1), c.group(2));
                if (previous != null && !previous.equals(c.group(2))) {
                    ambiguous.add(c.group(1));
                }
            }
        }
        ambiguous.forEach(constants::remove);
        return constants;
    }

    static Set<String> familiesIn(String code) {
        return familiesIn(code, Map.of());
    }

    static Set<String> familiesIn(String code, Map<String, String> shared) {
        Map<String, String> constants = new LinkedHashMap<>(shared);
        Matcher c = CONSTANT.matcher(code);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Set<String> families = new TreeSet<>();
        Matcher b = BUILDER.matcher(code);
        while (b.find()) {
            String name = resolve(b.group(2), constants);
            if (name == null) {
                continue;
            }
            int end = code.indexOf(".register(", b.end());
            String chain = end < 0 ? "" : code.substring(b.end(), end);
            Matcher unit = BASE_UNIT.matcher(chain);
            String baseUnit = unit.find() ? resolve(unit.group(1), constants) : null;
            families.addAll(prometheus(b.group(1), name, baseUnit));
        }
        Matcher s = SHORTHAND.matcher(code);
        while (s.find()) {
            String name = resolve(s.group(2), constants);
            if (name != null) {
                String type = switch (s.group(1)) {
                    case "counter" -> "Counter";
                    case "timer" -> "Timer";
                    case "gauge" -> "Gauge";
                    default -> "DistributionSummary";
                };
                families.addAll(prometheus(type, name, null));
            }
        }
        return families;
    }

    static Set<String> prometheus(String type, String name, String baseUnit) {
        String base = name.replace('.', '_').replace('-', '_');
        return switch (type) {
            case "Timer" -> Set.of(base + "_seconds", base + "_seconds_max");
            case "FunctionTimer" -> Set.of(base + "_seconds");
            case "TimeGauge" -> Set.of(withUnit(base, "seconds"));
            case "Counter", "FunctionCounter" -> Set.of(withUnit(base, baseUnit) + "_total");
            case "DistributionSummary" -> Set.of(withUnit(base, baseUnit), withUnit(base, baseUnit) + "_max");
            default -> Set.of(withUnit(base, baseUnit));
        };
    }

    private static String withUnit(String base, String unit) {
        return unit == null || base.endsWith("_" + unit) ? base : base + "_" + unit;
    }

    private static String resolve(String token, Map<String, String> constants) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1);
        }
        String simple = token.substring(token.lastIndexOf('.') + 1);
        if (token.startsWith("BaseUnits.")) {
            // Micrometer's own constants: BaseUnits.TASKS is "tasks".
            return simple.toLowerCase(java.util.Locale.ROOT);
        }
        // A qualified constant (QueueMetrics.PENDING) by its simple name.
        return constants.get(simple);
    }
}
