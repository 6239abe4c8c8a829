package io.headshots.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to say which metrics an expression reads: strings, label matchers, ranges,
 * Grafana variables, functions, aggregation modifiers and keywords are dropped, and what is left
 * is metric names. Not a parser: it does not check that the expression is valid beyond balanced
 * brackets.
 */
public final class PromQl {

    /** Words that are never metric names where they stand without a parenthesis after them. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan", "by", "without", "on", "ignoring", "group_left", "group_right");
    /** Keywords followed by a parenthesised list of label names, not expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    /**
     * Suffixes that Prometheus reserves for the series of one histogram or summary: the family is
     * the name without them. {@code _max} and {@code _total} are not among them: Micrometer exports
     * {@code _max} as a gauge of its own, and a counter's samples always carry {@code _total}.
     */
    private static final Pattern RESERVED_SUFFIX = Pattern.compile("_(bucket|count|sum)$");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    /** One label matcher inside braces: name, operator, quoted value. */
    private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromQl() {
    }

    /**
     * The metric names an expression selects, as written ({@code foo_bucket} stays
     * {@code foo_bucket}), in order of appearance.
     *
     * @throws IllegalArgumentException when brackets or quotes do not balance
     */
    public static Set<String> selectors(String expression) {
        String s = GRAFANA_VARIABLE.matcher(stripStrings(expression)).replaceAll("1");
        Set<String> names = new LinkedHashSet<>();
        int depth = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '{') {
                i = skip(s, i, '{', '}');
            } else if (c == '[') {
                i = skip(s, i, '[', ']');
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("unbalanced ')' in: " + expression);
                }
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                // A number or a duration (5m, 1h30m, 1e3, 0x1f): one token, never a name.
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                String word = s.substring(start, i);
                int next = skipSpaces(s, i);
                // A call, or an aggregation written with its modifier first: sum by (le) (...).
                boolean call = next < n && s.charAt(next) == '(' || modifierFollows(s, next);
                if (LABEL_LIST_KEYWORDS.contains(word.toLowerCase())) {
                    if (call) {
                        i = skip(s, next, '(', ')');
                    }
                } else if (word.equalsIgnoreCase("offset")) {
                    i = skipDuration(s, next);
                } else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '(' in: " + expression);
        }
        return names;
    }

    /**
     * The equality matchers ({@code label="value"}) of every selector of {@code metric} in an
     * expression, one map per occurrence, in order; a selector without braces gives an empty map.
     * {@code !=}, {@code =~} and {@code !~} matchers are left out. The name must stand alone:
     * {@code foo} does not match {@code foo_bucket}.
     */
    public static List<Map<String, String>> equalityMatchers(String expression, String metric) {
        List<Map<String, String>> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(metric) + "(?![A-Za-z0-9_:])\\s*(\\{)?")
                .matcher(expression);
        while (m.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(1) != null) {
                int close = skip(expression, m.start(1), '{', '}');
                Matcher label = MATCHER.matcher(expression.substring(m.start(1) + 1, close - 1));
                while (label.find()) {
                    if (label.group(2).equals("=")) {
                        labels.put(label.group(1), label.group(3));
                    }
                }
            }
            found.add(labels);
        }
        return found;
    }

    /** The metric families an expression reads: {@link #selectors} without the reserved suffixes. */
    public static Set<String> families(String expression) {
        Set<String> families = new LinkedHashSet<>();
        for (String name : selectors(expression)) {
            families.add(family(name));
        }
        return families;
    }

    /** {@code foo_seconds_bucket} and {@code foo_seconds_count} are series of {@code foo_seconds}. */
    public static String family(String name) {
        return RESERVED_SUFFIX.matcher(name).replaceFirst("");
    }

    private static String stripStrings(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int j = i + 1;
                while (j < expression.length() && expression.charAt(j) != c) {
                    j += (expression.charAt(j) == '\\' && c != '`') ? 2 : 1;
                }
                if (j >= expression.length()) {
                    throw new IllegalArgumentException("unterminated string in: " + expression);
                }
                out.append("\"\"");
                i = j + 1;
            } else if (c == '#') {
                // A comment runs to the end of its line.
                while (i < expression.length() && expression.charAt(i) != '\n') {
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the bracket that closes the one at {@code at}. */
    private static int skip(String s, int at, char open, char close) {
        int depth = 0;
        for (int i = at; i < s.length(); i++) {
            if (s.charAt(i) == open) {
                depth++;
            } else if (s.charAt(i) == close && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + open + "' in: " + s);
    }

    private static boolean modifierFollows(String s, int at) {
        for (String modifier : new String[] {"by", "without"}) {
            if (s.regionMatches(true, at, modifier, 0, modifier.length())) {
                int after = skipSpaces(s, at + modifier.length());
                if (after < s.length() && s.charAt(after) == '(') {
                    return true;
                }
            }
        }
        return false;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipDuration(String s, int i) {
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
