package io.headshots.systemtests.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus text exposition ({@code /q/metrics}). A sample counted inside a
 * trace may carry an exemplar after its value (OpenMetrics: {@code  # {trace_id="..."} 1.0 ...}).
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** Sum of a sample over the series whose label set contains {@code labelFilter} ("" for all). */
    public static double sum(String exposition, String name, String labelFilter) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)(?: #.*)?$",
                Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
