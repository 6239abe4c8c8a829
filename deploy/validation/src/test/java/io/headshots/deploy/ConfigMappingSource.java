package io.headshots.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names a {@code @ConfigMapping} interface declares, read from its source: the prefix,
 * each method in kebab case, nested group interfaces as further segments, and {@code *} for the
 * key of a {@code Map} of groups. Enough for this project's mappings, not for every SmallRye feature
 * ({@code @WithName} is honoured; {@code @WithParentName} and lists of groups are not used here).
 */
final class ConfigMappingSource {
    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)[^{]*?\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern METHOD = Pattern.compile("([\\w.<>,?\\[\\]\\s]+?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*$");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern MAP = Pattern.compile("^Map\\s*<\\s*\\w+\\s*,\\s*(.+)>$");
    private static final Pattern WRAPPER = Pattern.compile("^(?:Optional|List|Set)\\s*<\\s*(.+)>$");

    private ConfigMappingSource() {
    }

    /** The property names of the mapping in {@code source}, or none when it declares no mapping. */
    static Set<String> properties(String source) {
        String code = stripComments(source);
        Matcher m = MAPPING.matcher(code);
        if (!m.find()) {
            return Set.of();
        }
        String body = block(code, m.end() - 1);
        Map<String, String> interfaces = new LinkedHashMap<>();
        collectInterfaces(body, interfaces);
        Set<String> names = new LinkedHashSet<>();
        members(m.group(1), body, interfaces, names, 0);
        return names;
    }

    private static void members(String prefix, String body, Map<String, String> interfaces, Set<String> out, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("config groups nest too deep under " + prefix);
        }
        StringBuilder statement = new StringBuilder();
        int i = 1; // past the opening brace
        while (i < body.length() - 1) {
            char c = body.charAt(i);
            if (c == '{') {
                // A nested interface or a default method: skip its block.
                int end = i + block(body, i).length();
                statement.setLength(0);
                i = end;
                continue;
            }
            if (c == ';') {
                member(prefix, statement.toString(), interfaces, out, depth);
                statement.setLength(0);
            } else {
                statement.append(c);
            }
            i++;
        }
    }

    private static void member(String prefix, String statement, Map<String, String> interfaces, Set<String> out,
            int depth) {
        Optional<String> withName = Optional.empty();
        Matcher named = WITH_NAME.matcher(statement);
        if (named.find()) {
            withName = Optional.of(named.group(1));
        }
        String plain = statement.replaceAll("@\\w+(\\s*\\([^)]*\\))?", " ").trim();
        if (plain.contains("=") || plain.startsWith("static") || plain.startsWith("default")) {
            return;
        }
        Matcher method = METHOD.matcher(plain);
        if (!method.find()) {
            return;
        }
        String type = method.group(1).trim();
        String name = prefix + "." + withName.orElse(kebab(method.group(2)));
        Matcher map = MAP.matcher(type);
        if (map.matches()) {
            String value = unwrap(map.group(1).trim());
            if (interfaces.containsKey(value)) {
                members(name + ".*", interfaces.get(value), interfaces, out, depth + 1);
            } else {
                out.add(name + ".*");
            }
            return;
        }
        String element = unwrap(type);
        if (interfaces.containsKey(element)) {
            members(name, interfaces.get(element), interfaces, out, depth + 1);
        } else {
            out.add(name);
        }
    }

    private static String unwrap(String type) {
        Matcher w = WRAPPER.matcher(type);
        return w.matches() ? w.group(1).trim() : type;
    }

    private static void collectInterfaces(String code, Map<String, String> into) {
        Matcher m = NESTED.matcher(code);
        while (m.find()) {
            int open = code.indexOf('{', m.end());
            if (open > 0 && !into.containsKey(m.group(1))) {
                into.put(m.group(1), block(code, open));
            }
        }
    }

    /** {@code tileMemoryBudgetMib} becomes {@code tile-memory-budget-mib}, {@code keySha256} {@code key-sha256}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (!out.isEmpty()) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text from the brace at {@code open} to its closing brace, both included. */
    private static String block(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return code.substring(open, i + 1);
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    /** Drops comments, leaving string and character literals (which may hold "//") intact. */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(j + 1, source.length()));
                i = j + 1;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
