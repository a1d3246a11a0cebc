package dev.verdict.core.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verdict's one CSV reader: RFC 4180 records read as bytes, one record at a time, with each
 * field a byte range of a reused buffer, so an ordinary cell costs no string and no allocation.
 * {@code verdict score} and the feature cache's bulk load both read through it, with the cell
 * rules of {@link CsvCells}.
 *
 * {@snippet class=dev.verdict.core.csv.Snippets region=read}
 * }
 *
 * <ul>
 * <li>Fields are separated by commas; a field that starts with {@code "} is quoted: it may hold
 * commas, line breaks and {@code ""} (one quote), and must end with a quote followed by a comma or
 * the end of the record. A quote elsewhere in a field is an ordinary character.
 * <li>Records end with LF or CRLF; a line break inside a quoted field is read as one LF.
 * <li>A UTF-8 byte-order mark at the start of the file is skipped; blank lines are skipped.
 * <li>Bytes are not decoded: {@link #text(int)} decodes UTF-8 when a caller wants a string.
 * </ul>
 *
 * <p>Line numbers are those of the file, counting the line breaks inside quoted fields, so an
 * error message points at the line an editor shows. Not thread-safe.
 */
public final class CsvReader implements AutoCloseable {
    /**
     * The longest record read, in bytes: beyond it the reader stops with an error instead of
     * reading the rest of a file into memory behind a quote that is never closed.
     */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    private final InputStream in;
    private final String source;
    private final byte[] buffer = new byte[1 << 20];
    private int position;
    private int limit;
    private boolean eof;
    /** The current record, unquoted in place: fields are ranges of it. */
    private byte[] record = new byte[4096];
    private int length;
    private int[] starts = new int[128];
    private int[] ends = new int[128];
    private int fields;
    /** Physical lines read so far. */
    private long lines;
    private long recordLine;

    /**
     * Creates a reader of a stream.
     *
     * @param in the bytes to read (buffered here; closed by {@link #close()})
     * @param source how error messages name the input, typically the file's path
     */
    public CsvReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * {@return a reader of it, naming it in error messages}
     *
     * @param file a CSV file
     *
     * @throws IOException if it cannot be opened
     */
    public static CsvReader open(Path file) throws IOException {
        return new CsvReader(Files.newInputStream(file), file.toString());
    }

    /**
     * Reads the next record, skipping blank lines.
     *
     * @return false at the end of the input
     * @throws IOException if reading fails
     * @throws CsvFormatException if the record is not valid CSV
     */
    public boolean next() throws IOException {
        while (true) {
            length = 0;
            recordLine = lines + 1;
            if (!appendLine()) {
                return false;
            }
            if (recordLine == 1 && length >= 3 && (record[0] & 0xFF) == 0xEF && (record[1] & 0xFF) == 0xBB
                    && (record[2] & 0xFF) == 0xBF) {
                System.arraycopy(record, 3, record, 0, length - 3);
                length -= 3;
            }
            if (length == 0) {
                continue;
            }
            split();
            return true;
        }
    }

    /**
     * Appends the next physical line (without its line end) to the record.
     *
     * @return false if the input has ended
     */
    private boolean appendLine() throws IOException {
        int from = length;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (!eof) {
                    limit = Math.max(0, in.read(buffer, 0, buffer.length));
                    position = 0;
                    eof = limit == 0;
                }
                if (eof) {
                    if (any) {
                        lines++;
                        stripCarriageReturn(from);
                    }
                    return any;
                }
            }
            any = true;
            int start = position;
            int i = start;
            final byte[] b = buffer;
            final int end = limit;
            while (i < end && b[i] != '\n') {
                i++;
            }
            append(start, i);
            if (i < end) {
                position = i + 1;
                lines++;
                stripCarriageReturn(from);
                return true;
            }
            position = end;
        }
    }

    private void stripCarriageReturn(int from) {
        if (length > from && record[length - 1] == '\r') {
            length--;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (length + n > record.length) {
            grow(length + n);
        }
        System.arraycopy(buffer, from, record, length, n);
        length += n;
    }

    private void grow(int needed) {
        if (needed > MAX_RECORD_BYTES) {
            throw new CsvFormatException(source + ", line " + recordLine + ": a record longer than " + (MAX_RECORD_BYTES >> 20)
                    + " MiB (a quoted field that is never closed?)", recordLine, 0);
        }
        record = Arrays.copyOf(record, Math.min(MAX_RECORD_BYTES, Math.max(record.length * 2, needed)));
    }

    /** Cuts the record into fields, unquoting quoted fields in place and reading on across their line breaks. */
    private void split() throws IOException {
        fields = 0;
        int i = 0;
        while (true) {
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, fields * 2);
                ends = Arrays.copyOf(ends, fields * 2);
            }
            byte[] r = record;
            if (i < length && r[i] == '"') {
                // Unquote in place: the field's bytes shift left over the quotes.
                int out = i;
                int j = i + 1;
                starts[fields] = out;
                while (true) {
                    if (j >= length) {
                        // The field goes on past the line break: read the next line onto the record.
                        if (length + 1 > r.length) {
                            grow(length + 1);
                        }
                        record[length++] = '\n';
                        if (!appendLine()) {
                            throw error("a quoted field is never closed (the file ends inside it)", fields);
                        }
                        r = record;
                        continue;
                    }
                    byte c = r[j];
                    if (c == '"') {
                        if (j + 1 < length && r[j + 1] == '"') {
                            r[out++] = '"';
                            j += 2;
                            continue;
                        }
                        j++;
                        break;
                    }
                    r[out++] = c;
                    j++;
                }
                ends[fields] = out;
                fields++;
                if (j == length) {
                    return;
                }
                if (r[j] != ',') {
                    throw error("text after the closing quote of a quoted field", fields - 1);
                }
                i = j + 1;
            } else {
                int j = i;
                final int end = length;
                while (j < end && r[j] != ',') {
                    j++;
                }
                starts[fields] = i;
                ends[fields] = j;
                fields++;
                if (j == end) {
                    return;
                }
                i = j + 1;
            }
        }
    }

    /** {@return the number of fields of the current record} */
    public int fields() {
        return fields;
    }

    /** {@return the 1-based line of the file the current record starts on} */
    public long line() {
        return recordLine;
    }

    /** {@return the buffer the current record's fields are ranges of (valid until the next record)} */
    public byte[] bytes() {
        return record;
    }

    /**
     * {@return the offset of its first byte in {@link #bytes()}}
     *
     * @param field a 0-based field index
     */
    public int start(int field) {
        return starts[field];
    }

    /**
     * {@return the offset one past its last byte in {@link #bytes()}}
     *
     * @param field a 0-based field index
     */
    public int end(int field) {
        return ends[field];
    }

    /**
     * {@return the field decoded as UTF-8 (allocates)}
     *
     * @param field a 0-based field index
     */
    public String text(int field) {
        return new String(record, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** {@return every field of the current record as text, as for a header (allocates)} */
    public List<String> texts() {
        List<String> all = new ArrayList<>(fields);
        for (int f = 0; f < fields; f++) {
            all.add(text(f));
        }
        return all;
    }

    /**
     * {@return whether it is a missing value ({@link CsvCells#isMissing(byte[], int, int)})}
     *
     * @param field a 0-based field index
     */
    public boolean isMissing(int field) {
        return CsvCells.isMissing(record, starts[field], ends[field]);
    }

    /**
     * {@return 1 for {@code true}, 0 for {@code false}, -1 otherwise ({@link CsvCells})}
     *
     * @param field a 0-based field index
     */
    public int booleanValue(int field) {
        return CsvCells.booleanValue(record, starts[field], ends[field]);
    }

    /**
     * {@return where the current record (and field) is, as error messages say it: {@code "data.csv, line 12, column 3"}}
     *
     * @param field a 0-based field index, or -1 for the record as a whole
     */
    public String where(int field) {
        return source + ", line " + recordLine + (field >= 0 ? ", column " + (field + 1) : "");
    }

    /**
     * {@return an exception whose message starts with {@link #where(int)}}
     *
     * @param message what is wrong
     * @param field the 0-based field it is about, or -1
     */
    public CsvFormatException error(String message, int field) {
        return new CsvFormatException(where(field) + ": " + message, recordLine, field + 1);
    }

    /** {@return how error messages name the input} */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
