package dev.verdict.samples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: comma-separated, optional double quotes with {@code ""} escapes,
 * CRLF or LF line ends. Reuses its field list between records.
 */
final class Csv implements AutoCloseable {
    private final BufferedReader in;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private long line;
    private long recordLine;

    Csv(BufferedReader in) {
        this.in = in;
    }

    /** @return the number of the line the last record started on (1-based) */
    long line() {
        return recordLine;
    }

    /** @return the next record's fields, or null at the end; valid until the next call */
    List<String> next() throws IOException {
        String text = in.readLine();
        if (text == null) {
            return null;
        }
        line++;
        long start = line;
        fields.clear();
        field.setLength(0);
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= text.length()) {
                if (quoted) { // a quoted field spanning lines
                    String more = in.readLine();
                    if (more == null) {
                        throw new IOException("line " + start + ": unterminated quoted field");
                    }
                    line++;
                    field.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        recordLine = start;
        return fields;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Quotes a value for CSV output when it needs it. */
    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
