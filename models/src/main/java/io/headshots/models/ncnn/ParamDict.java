package io.headshots.models.ncnn;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code id=value} parameters of one ncnn layer line.
 *
 * <p>ncnn writes a scalar as {@code 0=64} and an array as {@code -233NN=count,v1,v2,...}, where the
 * array's real id is {@code -(key) - 23300}. A value is a float when its text has a '.', 'e' or 'E';
 * ncnn keeps the int/float distinction, so we do too and convert only when asked.
 */
public final class ParamDict {

    /** Keys at or below this value hold arrays (ncnn's ParamDict convention). */
    static final int ARRAY_KEY_BASE = -23300;

    private final Map<Integer, double[]> values;

    private ParamDict(Map<Integer, double[]> values) {
        this.values = values;
    }

    public static ParamDict empty() {
        return new ParamDict(Collections.emptyMap());
    }

    /** Parses tokens such as {@code 0=64}, {@code 1=4.000000e+00}, {@code -23301=2,2.0e-01,1.0}. */
    public static ParamDict parse(Iterable<String> tokens) {
        Map<Integer, double[]> values = new TreeMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new NcnnFormatException("parameter without '=': " + token);
            }
            int key = parseInt(token.substring(0, eq), token);
            String text = token.substring(eq + 1);
            if (key <= ARRAY_KEY_BASE) {
                values.put(-key + ARRAY_KEY_BASE, parseArray(text, token));
            } else {
                values.put(key, new double[] {parseNumber(text, token)});
            }
        }
        return new ParamDict(values);
    }

    private static double[] parseArray(String text, String token) {
        String[] parts = text.split(",");
        int count = parseInt(parts[0], token);
        if (count != parts.length - 1) {
            throw new NcnnFormatException("array declares " + count + " values but has "
                    + (parts.length - 1) + ": " + token);
        }
        double[] array = new double[count];
        for (int i = 0; i < count; i++) {
            array[i] = parseNumber(parts[i + 1], token);
        }
        return array;
    }

    private static double parseNumber(String text, String token) {
        try {
            boolean isFloat = text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
            // Parsing as float first keeps the value exactly what ncnn (strtof) would hold.
            return isFloat ? Float.parseFloat(text) : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new NcnnFormatException("bad number '" + text + "' in " + token);
        }
    }

    private static int parseInt(String text, String token) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new NcnnFormatException("bad integer '" + text + "' in " + token);
        }
    }

    public boolean has(int id) {
        return values.containsKey(id);
    }

    public int getInt(int id, int defaultValue) {
        double[] v = values.get(id);
        return v == null || v.length == 0 ? defaultValue : (int) v[0];
    }

    public float getFloat(int id, float defaultValue) {
        double[] v = values.get(id);
        return v == null || v.length == 0 ? defaultValue : (float) v[0];
    }

    /** The array under {@code id}, or an empty array when absent. */
    public float[] getFloats(int id) {
        double[] v = values.get(id);
        if (v == null) {
            return new float[0];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(' '));
        return sb.toString().trim();
    }
}
