package dev.verdict.loader.internal.xgboost;

import dev.verdict.loader.ModelFormatException;
import java.util.List;
import java.util.Map;

/**
 * Typed, path-aware access to a parsed JSON/UBJSON value tree, so that every format error names
 * where it is ({@code learner.gradient_booster.model.trees[3].left_children}) and what was
 * expected. Values are {@code Map<String,Object>} objects, {@code List<Object>} or primitive arrays,
 * {@code String}, {@code Long}, {@code Float}, {@code Boolean} and {@link #NULL}.
 */
public final class Document {
    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final Object value;
    private final String path;

    public Document(Object value, String path) {
        this.value = value;
        this.path = path;
    }

    public static Document parse(byte[] bytes, boolean ubjson) {
        return new Document(ubjson ? UbjsonDocumentReader.parse(bytes) : JsonDocumentReader.parse(bytes), "");
    }

    String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    public Object raw() {
        return value;
    }

    public boolean has(String key) {
        return value instanceof Map<?, ?> m && m.containsKey(key);
    }

    /** The member {@code key}, which must exist. */
    public Document get(String key) {
        Map<?, ?> m = asObject();
        if (!m.containsKey(key)) {
            throw error("missing member \"" + key + "\"");
        }
        return new Document(m.get(key), child(key));
    }

    /** The member {@code key}, or null when absent. */
    public Document find(String key) {
        Map<?, ?> m = asObject();
        return m.containsKey(key) ? new Document(m.get(key), child(key)) : null;
    }

    public Map<?, ?> asObject() {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw error("expected an object, found " + describe(value));
    }

    public int size() {
        return switch (value) {
            case List<?> l -> l.size();
            case float[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case byte[] a -> a.length;
            default -> throw error("expected an array, found " + describe(value));
        };
    }

    public Document at(int index) {
        if (value instanceof List<?> l) {
            return new Document(l.get(index), path() + "[" + index + "]");
        }
        throw error("expected an array of values, found " + describe(value));
    }

    public String asString() {
        if (value instanceof String s) {
            return s;
        }
        throw error("expected a string, found " + describe(value));
    }

    long asLong() {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof String s) {
            // XGBoost stores many integer parameters as strings ("num_feature": "10").
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw error("expected an integer, found \"" + s + "\"");
            }
        }
        throw error("expected an integer, found " + describe(value));
    }

    public int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("integer " + v + " out of range");
        }
        return (int) v;
    }

    /** An integer parameter in [min, max]. */
    public int asInt(int min, int max) {
        int v = asInt();
        if (v < min || v > max) {
            throw error("value " + v + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    public float asFloat() {
        if (value instanceof Float f) {
            return f;
        }
        if (value instanceof Long l) {
            return (float) l;
        }
        if (value instanceof String s) {
            return parseFloat(s.trim());
        }
        throw error("expected a number, found " + describe(value));
    }

    public float parseFloat(String s) {
        try {
            return switch (s) {
                case "NaN", "nan" -> Float.NaN;
                case "Infinity", "inf" -> Float.POSITIVE_INFINITY;
                case "-Infinity", "-inf" -> Float.NEGATIVE_INFINITY;
                default -> {
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E'
                                && c != '-' && c != '+') {
                            throw new NumberFormatException(s);
                        }
                    }
                    yield Float.parseFloat(s);
                }
            };
        } catch (NumberFormatException e) {
            throw error("expected a number, found \"" + s + "\"");
        }
    }

    /** An array of numbers as float32, of exactly {@code expectedLength} when that is ≥ 0. */
    public float[] floats(int expectedLength) {
        float[] out;
        switch (value) {
            case float[] a -> out = a.clone();
            case int[] a -> {
                out = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
            }
            case long[] a -> {
                out = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
            }
            case List<?> l -> {
                out = new float[l.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = at(i).asFloat();
                }
            }
            default -> throw error("expected an array of numbers, found " + describe(value));
        }
        checkLength(out.length, expectedLength);
        return out;
    }

    /** An array of integers (or booleans, as 0/1), of exactly {@code expectedLength} when ≥ 0. */
    public int[] ints(int expectedLength) {
        int[] out;
        switch (value) {
            case int[] a -> out = a.clone();
            case byte[] a -> {
                out = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
            }
            case long[] a -> {
                out = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    if (a[i] < Integer.MIN_VALUE || a[i] > Integer.MAX_VALUE) {
                        throw error("element " + i + " (" + a[i] + ") out of int range");
                    }
                    out[i] = (int) a[i];
                }
            }
            case List<?> l -> {
                out = new int[l.size()];
                for (int i = 0; i < out.length; i++) {
                    Object o = l.get(i);
                    out[i] = o instanceof Boolean b ? (b ? 1 : 0) : at(i).asInt();
                }
            }
            default -> throw error("expected an array of integers, found " + describe(value));
        }
        checkLength(out.length, expectedLength);
        return out;
    }

    /** An array of strings. */
    String[] strings() {
        if (!(value instanceof List<?> l)) {
            throw error("expected an array of strings, found " + describe(value));
        }
        String[] out = new String[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(i).asString();
        }
        return out;
    }

    private void checkLength(int actual, int expected) {
        if (expected >= 0 && actual != expected) {
            throw error("expected " + expected + " elements, found " + actual);
        }
    }

    public ModelFormatException error(String message) {
        return new ModelFormatException(path() + ": " + message);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Object v) {
        return switch (v) {
            case null -> "nothing";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            case Long l -> "the integer " + l;
            case Float f -> "the number " + f;
            case Boolean b -> "the boolean " + b;
            case float[] a -> "a float array";
            case int[] a -> "an integer array";
            case long[] a -> "an integer array";
            case byte[] a -> "a byte array";
            default -> v == NULL ? "null" : v.getClass().getSimpleName();
        };
    }
}
