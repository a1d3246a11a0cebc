package dev.verdict.loader.internal.xgboost;

import dev.verdict.loader.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses XGBoost's JSON model text into the {@link Document} value tree.
 *
 * <p>Follows XGBoost's own reader ({@code src/common/json.cc}, {@code JsonReader::ParseNumber}):
 * a number token containing {@code .}, {@code e} or {@code E} is a float32, parsed directly to
 * float (never through double, which could round twice); any other number token is an int64.
 * XGBoost writes the non-JSON tokens {@code NaN}, {@code Infinity} and {@code -Infinity} for
 * non-finite floats, so they are accepted. Nesting is limited so that hostile input cannot exhaust
 * the stack.
 */
public final class JsonDocumentReader {
    private static final int MAX_DEPTH = 64;

    private final byte[] text;
    private final int end;
    /** Read non-integer numbers as {@code Double} rather than XGBoost's float32. */
    private final boolean doubles;
    private int pos;

    private JsonDocumentReader(byte[] text, boolean doubles) {
        this.text = text;
        this.end = text.length;
        this.doubles = doubles;
    }

    /**
     * @param text JSON text, as XGBoost writes it
     * @return its value tree; non-integer numbers are {@code Float}s, as XGBoost reads them
     */
    public static Object parse(byte[] text) {
        return parse(text, false);
    }

    /**
     * @param text JSON text
     * @param doubles whether non-integer numbers (and NaN, ±Infinity) are read as {@code Double}s,
     *     for JSON that Python wrote (LightGBM's {@code pandas_categorical}), rather than as
     *     XGBoost's {@code Float}s
     * @return its value tree
     */
    public static Object parse(byte[] text, boolean doubles) {
        JsonDocumentReader reader = new JsonDocumentReader(text, doubles);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != reader.end) {
            throw reader.error("unexpected content after the top-level value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= end) {
            throw error("unexpected end of input (truncated file?)");
        }
        byte c = text[pos];
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return Document.NULL;
            case 'N':
                literal("NaN");
                return doubles ? (Object) Double.NaN : (Object) Float.NaN;
            case 'I':
                literal("Infinity");
                return doubles ? (Object) Double.POSITIVE_INFINITY : (Object) Float.POSITIVE_INFINITY;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (members.put(key, v) != null) {
                throw error("duplicate member \"" + key + "\"");
            }
            skipWhitespace();
            byte c = next();
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw errorAt(pos - 1, "expected ',' or '}' in object, found '" + printable(c) + "'");
            }
        }
    }

    private List<Object> array(int depth) {
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            skipWhitespace();
            items.add(value(depth + 1));
            skipWhitespace();
            byte c = next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                throw errorAt(pos - 1, "expected ',' or ']' in array, found '" + printable(c) + "'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        int start = pos;
        boolean plain = true;
        while (true) {
            if (pos >= end) {
                throw error("unterminated string (truncated file?)");
            }
            byte c = text[pos];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                plain = false;
                pos += 2;
                continue;
            }
            if ((c & 0xff) < 0x20) {
                throw error("control character in string");
            }
            pos++;
        }
        int stop = pos;
        pos++; // closing quote
        if (plain) {
            return new String(text, start, stop - start, StandardCharsets.UTF_8);
        }
        return unescape(start, stop);
    }

    private String unescape(int start, int stop) {
        StringBuilder sb = new StringBuilder(stop - start);
        int i = start;
        while (i < stop) {
            int runEnd = i;
            while (runEnd < stop && text[runEnd] != '\\') {
                runEnd++;
            }
            sb.append(new String(text, i, runEnd - i, StandardCharsets.UTF_8));
            if (runEnd >= stop) {
                break;
            }
            if (runEnd + 1 >= stop) {
                throw errorAt(runEnd, "dangling escape in string");
            }
            byte e = text[runEnd + 1];
            i = runEnd + 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > stop) {
                        throw errorAt(runEnd, "truncated \\u escape");
                    }
                    int cp = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(text[i + k], 16);
                        if (d < 0) {
                            throw errorAt(i + k, "bad hex digit in \\u escape");
                        }
                        cp = cp * 16 + d;
                    }
                    sb.append((char) cp);
                    i += 4;
                }
                default -> throw errorAt(runEnd, "unknown escape '\\" + printable(e) + "'");
            }
        }
        return sb.toString();
    }

    private Object number() {
        int start = pos;
        if (text[pos] == '-') {
            pos++;
            if (pos < end && text[pos] == 'I') {
                literal("Infinity");
                return doubles ? (Object) Double.NEGATIVE_INFINITY : (Object) Float.NEGATIVE_INFINITY;
            }
        }
        boolean isFloat = false;
        while (pos < end) {
            byte c = text[pos];
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                isFloat |= c != '+' && c != '-';
                pos++;
            } else {
                break;
            }
        }
        String token = new String(text, start, pos - start, StandardCharsets.US_ASCII);
        try {
            if (isFloat) {
                return doubles ? (Object) Double.parseDouble(token) : (Object) Float.parseFloat(token);
            }
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw errorAt(start, "malformed number '" + token + "'");
        }
    }

    private void literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            throw error("unexpected end of input (truncated file?)");
        }
        for (int i = 0; i < n; i++) {
            if (text[pos + i] != word.charAt(i)) {
                throw error("unexpected token; expected '" + word + "'");
            }
        }
        pos += n;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = text[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private byte peek() {
        if (pos >= end) {
            throw error("unexpected end of input (truncated file?)");
        }
        return text[pos];
    }

    private byte next() {
        byte c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw errorAt(pos - 1, "expected '" + c + "'");
        }
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
    }

    private ModelFormatException error(String message) {
        return errorAt(pos, message);
    }

    private ModelFormatException errorAt(int offset, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, end); i++) {
            if (text[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new ModelFormatException("JSON line " + line + ", column " + column + " (byte "
                + offset + "): " + message);
    }
}
