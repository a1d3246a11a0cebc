package dev.verdict.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level CSV reader for bulk loads: one line at a time, fields as byte ranges, no strings
 * for ordinary cells. Handles RFC 4180 quoting within a line ({@code "a,b"}, {@code ""}),
 * CRLF and LF line ends, and a UTF-8 byte-order mark. A quoted field spanning lines is an error.
 */
final class CsvRows {
    private final InputStream in;
    private final String source;
    private final byte[] buffer = new byte[1 << 20];
    private int position;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[4096];
    private int lineLength;
    private int[] starts = new int[128];
    private int[] ends = new int[128];
    private int fields;
    private long lineNumber;
    private long bytesRead;

    CsvRows(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** @return false at end of input; blank lines are skipped */
    boolean next() throws IOException {
        while (true) {
            if (!readLine()) {
                return false;
            }
            lineNumber++;
            if (lineNumber == 1 && lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                    && (line[2] & 0xFF) == 0xBF) {
                System.arraycopy(line, 3, line, 0, lineLength - 3);
                lineLength -= 3;
            }
            if (lineLength == 0) {
                continue;
            }
            split();
            return true;
        }
    }

    private boolean readLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (eof) {
                    return any;
                }
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    return any;
                }
                bytesRead += limit;
            }
            any = true;
            int from = position;
            int i = from;
            while (i < limit && buffer[i] != '\n') {
                i++;
            }
            append(from, i);
            if (i < limit) {
                position = i + 1;
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            position = limit;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    private void split() {
        fields = 0;
        int i = 0;
        while (true) {
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, fields * 2);
                ends = Arrays.copyOf(ends, fields * 2);
            }
            if (i < lineLength && line[i] == '"') {
                // Unquote in place: the field's bytes shift left over the quotes.
                int out = i;
                int j = i + 1;
                starts[fields] = out;
                while (true) {
                    if (j >= lineLength) {
                        throw error("unterminated quoted field (a field may not span lines)", fields);
                    }
                    if (line[j] == '"') {
                        if (j + 1 < lineLength && line[j + 1] == '"') {
                            line[out++] = '"';
                            j += 2;
                            continue;
                        }
                        j++;
                        break;
                    }
                    line[out++] = line[j++];
                }
                ends[fields] = out;
                fields++;
                if (j == lineLength) {
                    return;
                }
                if (line[j] != ',') {
                    throw error("unexpected character after a quoted field", fields - 1);
                }
                i = j + 1;
            } else {
                int j = i;
                while (j < lineLength && line[j] != ',') {
                    j++;
                }
                starts[fields] = i;
                ends[fields] = j;
                fields++;
                if (j == lineLength) {
                    return;
                }
                i = j + 1;
            }
        }
    }

    int fields() {
        return fields;
    }

    long lineNumber() {
        return lineNumber;
    }

    long bytesRead() {
        return bytesRead;
    }

    byte[] line() {
        return line;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    String text(int field) {
        return new String(line, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** @return whether the field is empty or one of NA, N/A, NaN, null (any case) */
    boolean isMissing(int field) {
        int s = starts[field];
        int n = ends[field] - s;
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        return equalsIgnoreCase(s, n, "na") || equalsIgnoreCase(s, n, "n/a") || equalsIgnoreCase(s, n, "nan")
                || equalsIgnoreCase(s, n, "null");
    }

    boolean equalsIgnoreCase(int field, String word) {
        return equalsIgnoreCase(starts[field], ends[field] - starts[field], word);
    }

    private boolean equalsIgnoreCase(int s, int n, String word) {
        if (n != word.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = line[s + k];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    CsvLoadException error(String message, int field) {
        return new CsvLoadException(source + ", line " + lineNumber + (field >= 0 ? ", column " + (field + 1) : "")
                + ": " + message, lineNumber);
    }
}
