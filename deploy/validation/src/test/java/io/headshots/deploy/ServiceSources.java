package io.headshots.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's own sources say about how it is configured: its HTTP port, every property name
 * it knows (its {@code application.properties}, and the {@code @ConfigMapping} interfaces of the
 * service and of the in-repository modules it depends on), and the environment variables it reads
 * directly ({@code ${NAME:...}} in the properties, {@code System.getenv}).
 */
final class ServiceSources {
    /** Modules of this repository that a service may depend on and take configuration from. */
    private static final List<String> LIBRARY_MODULES = List.of("contracts", "platform", "models");
    private static final Pattern ENV_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*(\"([A-Z0-9_]+)\"|([A-Za-z_]\\w*))\\s*\\)");
    private static final Pattern STRING_CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");

    final String name;
    final Path dir;
    final Map<String, String> properties;
    final Set<String> propertyNames;
    final Set<String> envReadDirectly;
    final List<String> modules;

    private ServiceSources(String name) {
        this.name = name;
        this.dir = Repo.ROOT.resolve(name);
        this.properties = loadProperties(dir.resolve("src/main/resources/application.properties"));
        this.modules = modulesOf(name);
        Set<String> names = new LinkedHashSet<>(properties.keySet());
        Set<String> env = new LinkedHashSet<>();
        for (String value : properties.values()) {
            Matcher m = ENV_EXPRESSION.matcher(value);
            while (m.find()) {
                env.add(m.group(1));
            }
        }
        for (String module : modules) {
            for (Path source : Repo.mainSources(module)) {
                String code = Repo.read(source);
                names.addAll(ConfigMappingSource.properties(code));
                env.addAll(getenvNames(code));
            }
        }
        this.propertyNames = names;
        this.envReadDirectly = env;
    }

    static ServiceSources of(String service) {
        return new ServiceSources(service);
    }

    int httpPort() {
        return Integer.parseInt(properties.get("quarkus.http.port"));
    }

    /** The port of the management interface: health and metrics, which the public port does not serve. */
    int managementPort() {
        if (!"true".equals(properties.get("quarkus.management.enabled"))) {
            throw new AssertionError(name + " has no management interface (quarkus.management.enabled)");
        }
        return Integer.parseInt(properties.get("quarkus.management.port"));
    }

    Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The service's module and the library modules its pom depends on. */
    private static List<String> modulesOf(String service) {
        String pom = Repo.read(Repo.ROOT.resolve(service).resolve("pom.xml"));
        List<String> modules = new ArrayList<>(List.of(service));
        for (String library : LIBRARY_MODULES) {
            if (pom.contains("<artifactId>" + library + "</artifactId>")) {
                modules.add(library);
            }
        }
        // platform depends on contracts; a service that uses platform gets contracts' code too.
        if (modules.contains("platform") && !modules.contains("contracts")) {
            modules.add("contracts");
        }
        return modules;
    }

    private static Set<String> getenvNames(String code) {
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher c = STRING_CONSTANT.matcher(code);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = GETENV.matcher(code);
        while (m.find()) {
            if (m.group(2) != null) {
                names.add(m.group(2));
            } else if (constants.containsKey(m.group(3))) {
                names.add(constants.get(m.group(3)));
            }
        }
        return names;
    }

    /**
     * The properties file as key to value, profile-less keys only ({@code %test.x} is not what a
     * deployed service sees; {@code %prod.x} is folded into {@code x}). Continuation lines are joined.
     */
    static Map<String, String> loadProperties(Path file) {
        Map<String, String> props = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return props;
        }
        String joined = Repo.read(file).replaceAll("\\\\\\r?\\n\\s*", "");
        for (String line : joined.split("\\r?\\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) {
                continue;
            }
            int eq = indexOfSeparator(l);
            String key = (eq < 0 ? l : l.substring(0, eq)).strip();
            String value = eq < 0 ? "" : l.substring(eq + 1).strip();
            if (key.startsWith("%prod.")) {
                key = key.substring("%prod.".length());
            } else if (key.startsWith("%")) {
                continue;
            }
            props.put(key, value);
        }
        return props;
    }

    private static int indexOfSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '=' || ch == ':') {
                return i;
            }
        }
        return -1;
    }
}
