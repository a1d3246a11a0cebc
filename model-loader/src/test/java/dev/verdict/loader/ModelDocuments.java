package dev.verdict.loader;

import dev.verdict.loader.internal.xgboost.Document;
import dev.verdict.loader.internal.xgboost.JsonDocumentReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits XGBoost model documents for the bad-file tests: parses JSON into the loader's own
 * value tree ({@code Map}, {@code List}, {@code Long}, {@code Float}, {@code String},
 * {@code Boolean}, {@link Document#NULL}), deep-copies it so a corruption never leaks into the next
 * case, and writes it back as JSON text or as UBJSON the way XGBoost does (int32 and float32
 * arrays as optimized typed arrays, keys and strings with int64 lengths).
 */
public final class ModelDocuments {
    private ModelDocuments() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseJson(byte[] json) {
        return (Map<String, Object>) deepCopy(JsonDocumentReader.parse(json));
    }

    /** A mutable deep copy; primitive arrays become lists. */
    public static Object deepCopy(Object v) {
        return switch (v) {
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, deepCopy(x)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(deepCopy(x)));
                yield out;
            }
            case float[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (float f : a) {
                    out.add(f);
                }
                yield out;
            }
            case int[] a -> {
                List<Object> out = new ArrayList<>(a.length);
                for (int i : a) {
                    out.add((long) i);
                }
                yield out;
            }
            default -> v;
        };
    }

    /** The object at a dotted path, e.g. {@code learner.gradient_booster.model}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> root, String path) {
        Map<String, Object> m = root;
        for (String key : path.split("\\.")) {
            m = (Map<String, Object>) m.get(key);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(Map<String, Object> root, int index) {
        List<Object> trees = (List<Object>) object(root, "learner.gradient_booster.model").get("trees");
        return (Map<String, Object>) trees.get(index);
    }

    public static List<Object> longs(long... values) {
        List<Object> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    public static List<Object> floats(float... values) {
        List<Object> out = new ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    // ---- JSON text ----

    public static byte[] toJson(Object value) {
        StringBuilder sb = new StringBuilder();
        json(value, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void json(Object v, StringBuilder sb) {
        switch (v) {
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string((String) e.getKey(), sb);
                    sb.append(':');
                    json(e.getValue(), sb);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    json(l.get(i), sb);
                }
                sb.append(']');
            }
            case String s -> string(s, sb);
            case Long l -> sb.append(l);
            case Float f -> sb.append(f.isNaN() ? "NaN" : f.isInfinite() ? (f > 0 ? "Infinity" : "-Infinity")
                    : Float.toString(f)); // always with '.' or 'E': read back as a float32
            case Boolean b -> sb.append(b);
            default -> {
                if (v == Document.NULL) {
                    sb.append("null");
                } else {
                    throw new IllegalArgumentException("cannot write " + v.getClass());
                }
            }
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    // ---- UBJSON ----

    public static byte[] toUbjson(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ubjson(value, out);
        return out.toByteArray();
    }

    private static void ubjson(Object v, ByteArrayOutputStream out) {
        switch (v) {
            case Map<?, ?> m -> {
                out.write('{');
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    ubjsonString((String) e.getKey(), out);
                    ubjson(e.getValue(), out);
                }
                out.write('}');
            }
            case List<?> l when !l.isEmpty() && l.stream().allMatch(x -> x instanceof Float) -> {
                typedHeader('d', l.size(), out);
                for (Object x : l) {
                    out.writeBytes(ByteBuffer.allocate(4).putFloat((Float) x).array());
                }
            }
            case List<?> l when !l.isEmpty() && l.stream().allMatch(x -> x instanceof Long n
                    && n == (int) (long) n) -> {
                typedHeader('l', l.size(), out);
                for (Object x : l) {
                    out.writeBytes(ByteBuffer.allocate(4).putInt((int) (long) (Long) x).array());
                }
            }
            case List<?> l -> {
                out.write('[');
                for (Object x : l) {
                    ubjson(x, out);
                }
                out.write(']');
            }
            case String s -> {
                out.write('S');
                ubjsonString(s, out);
            }
            case Long l -> {
                out.write('L');
                out.writeBytes(ByteBuffer.allocate(8).putLong(l).array());
            }
            case Float f -> {
                out.write('d');
                out.writeBytes(ByteBuffer.allocate(4).putFloat(f).array());
            }
            case Boolean b -> out.write(b ? 'T' : 'F');
            default -> {
                if (v == Document.NULL) {
                    out.write('Z');
                } else {
                    throw new IllegalArgumentException("cannot write " + v.getClass());
                }
            }
        }
    }

    private static void typedHeader(char type, int count, ByteArrayOutputStream out) {
        out.write('[');
        out.write('$');
        out.write(type);
        out.write('#');
        out.write('L');
        out.writeBytes(ByteBuffer.allocate(8).putLong(count).array());
    }

    private static void ubjsonString(String s, ByteArrayOutputStream out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('L');
        out.writeBytes(ByteBuffer.allocate(8).putLong(b.length).array());
        out.writeBytes(b);
    }

    /**
     * The offset of the 8-byte count of the typed array stored under {@code key} (the first such
     * member), for corrupting counts in place.
     */
    public static int typedArrayCountOffset(byte[] ubjson, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + k.length + 5 + 8 <= ubjson.length; i++) {
            for (int j = 0; j < k.length; j++) {
                if (ubjson[i + j] != k[j]) {
                    continue outer;
                }
            }
            int p = i + k.length;
            if (ubjson[p] == '[' && ubjson[p + 1] == '$' && ubjson[p + 3] == '#' && ubjson[p + 4] == 'L') {
                return p + 5;
            }
        }
        throw new IllegalArgumentException("no typed array under " + key);
    }
}
