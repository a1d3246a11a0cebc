package dev.verdict.loader.internal.xgboost;

import dev.verdict.loader.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Universal Binary JSON (UBJSON draft 12, big-endian) as XGBoost writes it into the same
 * {@link Document} value tree as {@link JsonDocumentReader}.
 *
 * <p>XGBoost ({@code src/common/json.cc}, {@code UBJReader}/{@code UBJWriter}) writes optimized
 * typed arrays ({@code [$d#L…} for float32, {@code $l}/{@code $L} for int32/int64, {@code $U}
 * for uint8, {@code $i} for int8); those become primitive arrays here ({@code float[]},
 * {@code int[]}, {@code long[]}, {@code byte[]}) instead of boxed lists. Every length is checked
 * against the bytes that remain before anything is allocated, so a corrupt count cannot make the
 * loader allocate gigabytes.
 */
final class UbjsonDocumentReader {
    private static final int MAX_DEPTH = 64;

    private final ByteBuffer in;

    private UbjsonDocumentReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    }

    static Object parse(byte[] bytes) {
        UbjsonDocumentReader reader = new UbjsonDocumentReader(bytes);
        try {
            Object value = reader.value(reader.marker(), 0);
            while (reader.in.hasRemaining() && reader.in.get(reader.in.position()) == 'N') {
                reader.in.get(); // trailing no-ops
            }
            if (reader.in.hasRemaining()) {
                throw reader.error("unexpected content after the top-level value");
            }
            return value;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw reader.error("unexpected end of input (truncated file?)");
        }
    }

    private byte marker() {
        byte m;
        do {
            m = in.get();
        } while (m == 'N');
        return m;
    }

    private Object value(byte marker, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        return switch (marker) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case 'Z' -> Document.NULL;
            case 'T' -> Boolean.TRUE;
            case 'F' -> Boolean.FALSE;
            case 'i' -> (long) in.get();
            case 'U' -> (long) (in.get() & 0xff);
            case 'I' -> (long) in.getShort();
            case 'l' -> (long) in.getInt();
            case 'L' -> in.getLong();
            case 'd' -> in.getFloat();
            // XGBoost keeps float32 everywhere; a float64 is narrowed as its JSON reader would.
            case 'D' -> (float) in.getDouble();
            case 'C' -> String.valueOf((char) (in.get() & 0xff));
            case 'S' -> string();
            case 'H' -> highPrecision();
            default -> throw errorBack("unknown type marker '" + printable(marker) + "'");
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        byte type = 0;
        long count = -1;
        byte m = in.get(in.position());
        if (m == '$') {
            in.get();
            type = in.get();
            if (in.get() != '#') {
                throw errorBack("typed object without a count");
            }
            count = length(marker());
        } else if (m == '#') {
            in.get();
            count = length(marker());
        }
        if (count >= 0) {
            requireRemaining(count, 2);
            for (long i = 0; i < count; i++) {
                String key = key();
                Object v = value(type != 0 ? type : marker(), depth + 1);
                putUnique(members, key, v);
            }
            return members;
        }
        while (true) {
            byte next = in.get(in.position());
            if (next == '}') {
                in.get();
                return members;
            }
            if (next == 'N') {
                in.get();
                continue;
            }
            String key = key();
            putUnique(members, key, value(marker(), depth + 1));
        }
    }

    private void putUnique(Map<String, Object> members, String key, Object v) {
        if (members.put(key, v) != null) {
            throw error("duplicate member \"" + key + "\"");
        }
    }

    private Object array(int depth) {
        byte m = in.get(in.position());
        if (m == '$') {
            in.get();
            byte type = in.get();
            if (in.get() != '#') {
                throw errorBack("typed array without a count");
            }
            long count = length(marker());
            return typedArray(type, count, depth);
        }
        if (m == '#') {
            in.get();
            long count = length(marker());
            requireRemaining(count, 1);
            List<Object> items = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                items.add(value(marker(), depth + 1));
            }
            return items;
        }
        List<Object> items = new ArrayList<>();
        while (true) {
            byte next = in.get(in.position());
            if (next == ']') {
                in.get();
                return items;
            }
            if (next == 'N') {
                in.get();
                continue;
            }
            items.add(value(marker(), depth + 1));
        }
    }

    private Object typedArray(byte type, long count, int depth) {
        switch (type) {
            case 'd' -> {
                requireRemaining(count, 4);
                float[] a = new float[(int) count];
                in.asFloatBuffer().get(a);
                in.position(in.position() + 4 * a.length);
                return a;
            }
            case 'l' -> {
                requireRemaining(count, 4);
                int[] a = new int[(int) count];
                in.asIntBuffer().get(a);
                in.position(in.position() + 4 * a.length);
                return a;
            }
            case 'L' -> {
                requireRemaining(count, 8);
                long[] a = new long[(int) count];
                in.asLongBuffer().get(a);
                in.position(in.position() + 8 * a.length);
                return a;
            }
            case 'U' -> {
                requireRemaining(count, 1);
                int[] a = new int[(int) count];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.get() & 0xff;
                }
                return a;
            }
            case 'i' -> {
                requireRemaining(count, 1);
                byte[] a = new byte[(int) count];
                in.get(a);
                return a;
            }
            case 'I' -> {
                requireRemaining(count, 2);
                int[] a = new int[(int) count];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.getShort();
                }
                return a;
            }
            case 'D' -> {
                requireRemaining(count, 8);
                float[] a = new float[(int) count];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) in.getDouble();
                }
                return a;
            }
            default -> {
                // Any other element type: decode element by element into a list.
                if (type == 'Z' || type == 'T' || type == 'F' || type == 'N') {
                    throw errorBack("typed array of payload-free marker '" + printable(type) + "'");
                }
                requireRemaining(count, 1);
                List<Object> items = new ArrayList<>((int) Math.min(count, 1 << 16));
                for (long i = 0; i < count; i++) {
                    items.add(value(type, depth + 1));
                }
                return items;
            }
        }
    }

    private String key() {
        return stringOfLength(length(marker()));
    }

    private String string() {
        return stringOfLength(length(marker()));
    }

    private Object highPrecision() {
        String digits = string();
        try {
            return digits.matches("-?[0-9]+") ? (Object) Long.parseLong(digits)
                    : (Object) Float.parseFloat(digits);
        } catch (NumberFormatException e) {
            throw error("malformed high-precision number '" + digits + "'");
        }
    }

    private String stringOfLength(long length) {
        requireRemaining(length, 1);
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long length(byte marker) {
        long n = switch (marker) {
            case 'i' -> in.get();
            case 'U' -> in.get() & 0xff;
            case 'I' -> in.getShort();
            case 'l' -> in.getInt();
            case 'L' -> in.getLong();
            default -> throw errorBack("expected an integer length, found marker '"
                    + printable(marker) + "'");
        };
        if (n < 0) {
            throw errorBack("negative length " + n);
        }
        return n;
    }

    /** Rejects a count that the remaining bytes cannot possibly hold. */
    private void requireRemaining(long count, int minBytesEach) {
        long needed = count * Math.max(minBytesEach, 0);
        if (count > Integer.MAX_VALUE - 16 || needed > in.remaining()) {
            throw error("length " + count + " exceeds the " + in.remaining()
                    + " bytes left (truncated or corrupt file)");
        }
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
    }

    private ModelFormatException error(String message) {
        return new ModelFormatException("UBJSON byte " + in.position() + ": " + message);
    }

    private ModelFormatException errorBack(String message) {
        return new ModelFormatException("UBJSON byte " + Math.max(0, in.position() - 1) + ": "
                + message);
    }
}
