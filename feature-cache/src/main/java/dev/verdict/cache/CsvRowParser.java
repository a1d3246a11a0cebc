package dev.verdict.cache;

import dev.verdict.core.csv.CsvReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a bulk-load CSV file into records of a group: the header is matched to the group's id,
 * event-time and feature columns once, then each row becomes an encoded key and a sealed record
 * without making strings (numbers are parsed from the bytes by {@link Numbers}; missing cells and
 * booleans follow {@link dev.verdict.core.csv.CsvCells}). Errors name the file, line and column.
 */
final class CsvRowParser {
    private final CsvReader rows;
    private final FeatureGroup group;
    private final int columns;
    private final int idColumn;
    private final int timeColumn;
    /** For each column, the group feature it holds, or -1 (the id, the event time, an ignored column). */
    private final int[] featureOf;
    private final ValueType[] types;
    private final boolean longKeys;
    private final int maxKey;
    private final List<String> ignoredColumns = new ArrayList<>();

    /**
     * Reads and checks the header.
     *
     * @throws CsvLoadException if the header lacks the id column or a feature column, names a
     *         column twice, or (with {@link LoadOptions#strictColumns()}) names a column the group
     *         does not have
     */
    CsvRowParser(CsvReader rows, FeatureGroup group, LoadOptions options) throws IOException {
        this.rows = rows;
        this.group = group;
        this.longKeys = group.keyType() == KeyType.LONG;
        this.maxKey = group.maxKeyBytes();
        if (!rows.next()) {
            throw new CsvLoadException(rows.source() + ": the file is empty (a header line is required)", 0);
        }
        columns = rows.fields();
        int id = -1;
        int time = -1;
        featureOf = new int[columns];
        Arrays.fill(featureOf, -1);
        boolean[] seen = new boolean[group.size()];
        Map<String, Integer> names = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            String name = rows.text(c).trim();
            boolean used = name.equals(group.idColumn()) || name.equals(group.eventTimeColumn())
                    || group.find(name) >= 0;
            if (!used) {
                if (options.strictColumns()) {
                    throw error("unknown column '" + name + "': group '" + group.name()
                            + "' has no such feature (a strict load rejects columns the group does not have)", c);
                }
                ignoredColumns.add(name); // never parsed, so it may repeat or hold anything
                continue;
            }
            if (names.put(name, c) != null) {
                throw error("column '" + name + "' appears twice in the header", c);
            }
            if (name.equals(group.idColumn())) {
                id = c;
            } else if (name.equals(group.eventTimeColumn())) {
                time = c;
            } else {
                int f = group.find(name);
                featureOf[c] = f;
                seen[f] = true;
            }
        }
        if (id < 0) {
            String hint = "";
            for (int c = 0; c < columns; c++) {
                String name = rows.text(c).trim();
                if (name.equalsIgnoreCase(group.idColumn())) {
                    hint = "; the file has '" + name + "': name it in the group definition (\"idColumn\": \""
                            + name + "\")";
                }
            }
            throw error("no '" + group.idColumn() + "' column (the group's id column)" + hint, -1);
        }
        StringBuilder missing = new StringBuilder();
        for (int f = 0; f < seen.length; f++) {
            if (!seen[f]) {
                missing.append(missing.isEmpty() ? "" : ", ").append(group.features().get(f).name());
            }
        }
        if (!missing.isEmpty()) {
            throw error("missing feature columns: " + missing, -1);
        }
        idColumn = id;
        timeColumn = time;
        types = new ValueType[columns];
        for (int c = 0; c < columns; c++) {
            types[c] = featureOf[c] >= 0 ? group.features().get(featureOf[c]).type() : null;
        }
    }

    /** {@return the header's columns the group does not have, in file order} */
    List<String> ignoredColumns() {
        return ignoredColumns;
    }

    /**
     * Parses the next row: its key into {@code keys} at {@code keyAt}, its values into
     * {@code record}, sealed with the row's event time (or {@code defaultTime} when the file has
     * no event-time column).
     *
     * @return the key's length, or -1 at the end of the file
     * @throws CsvLoadException for a malformed row or a value that does not fit its feature
     */
    int next(FeatureRecord record, byte[] keys, int keyAt, long defaultTime) throws IOException {
        if (!rows.next()) {
            return -1;
        }
        if (rows.fields() != columns) {
            throw error("has " + rows.fields() + " fields; the header has " + columns, -1);
        }
        byte[] line = rows.bytes();
        record.clear();
        for (int c = 0; c < columns; c++) {
            int f = featureOf[c];
            if (f < 0 || rows.isMissing(c)) {
                continue;
            }
            record.set(f, value(c, types[c], line));
        }
        int keyLength;
        if (longKeys) {
            long id;
            try {
                id = Numbers.parseLong(line, rows.start(idColumn), rows.end(idColumn));
            } catch (NumberFormatException e) {
                throw error("id '" + rows.text(idColumn) + "' is not a 64-bit integer", idColumn);
            }
            for (int b = 0; b < 8; b++) {
                keys[keyAt + b] = (byte) (id >>> (8 * b));
            }
            keyLength = 8;
        } else {
            keyLength = rows.end(idColumn) - rows.start(idColumn);
            if (keyLength <= 0 || keyLength > maxKey) {
                throw error("id '" + rows.text(idColumn) + "' must be 1 to " + maxKey + " bytes", idColumn);
            }
            System.arraycopy(line, rows.start(idColumn), keys, keyAt, keyLength);
        }
        record.seal(timeColumn < 0 ? defaultTime : time(timeColumn, line));
        return keyLength;
    }

    private double value(int c, ValueType type, byte[] line) {
        int s = rows.start(c);
        int e = rows.end(c);
        try {
            switch (type) {
                case FLOAT32 -> {
                    float v = Numbers.parseFloat(line, s, e);
                    if (Float.isInfinite(v)) {
                        throw error("'" + rows.text(c) + "' is not a finite float32", c);
                    }
                    return Float.isNaN(v) ? Double.NaN : v;
                }
                case INT32, CATEGORICAL -> {
                    long v = Numbers.parseLong(line, s, e);
                    if (v < (type == ValueType.CATEGORICAL ? 0 : Integer.MIN_VALUE) || v > Integer.MAX_VALUE) {
                        throw error("'" + rows.text(c) + "' is out of range for a " + type.jsonName() + " feature", c);
                    }
                    return v;
                }
                default -> {
                    int word = rows.booleanValue(c);
                    if (word >= 0) {
                        return word;
                    }
                    if (e - s == 1 && (line[s] == '0' || line[s] == '1')) {
                        return line[s] - '0';
                    }
                    throw error("'" + rows.text(c) + "' is not a boolean (true/false/1/0)", c);
                }
            }
        } catch (NumberFormatException ex) {
            throw error("'" + rows.text(c) + "' is not " + (type == ValueType.INT32 ? "an " : "a ") + type.jsonName()
                    + " value", c);
        }
    }

    private long time(int c, byte[] line) {
        if (rows.isMissing(c)) {
            throw error("the event time is empty", c);
        }
        try {
            return Numbers.parseLong(line, rows.start(c), rows.end(c));
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(rows.text(c).trim()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw error("event time '" + rows.text(c)
                        + "' is neither epoch milliseconds nor an ISO-8601 instant", c);
            }
        }
    }

    /** A header or cell error of the current record, placed as the reader places it. */
    private CsvLoadException error(String message, int field) {
        return new CsvLoadException(rows.where(field) + ": " + message, rows.line());
    }
}
