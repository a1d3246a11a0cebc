package dev.verdict.core.csv;

import java.util.List;

/**
 * What a CSV cell means, the same for every Verdict tool that reads CSV ({@code verdict score},
 * the feature cache's bulk load): which cells are missing values and which are booleans. Spaces
 * and tabs around a cell are ignored; the words match in any case.
 *
 * <ul>
 * <li><b>Missing</b>: an empty cell, {@code NA}, {@code N/A}, {@code NaN}, {@code null}. These are
 * what pandas, R and Spark write for a missing value, so an extract from any of them reads back
 * with its gaps where they were.
 * <li><b>Booleans</b>: {@code true} is 1 and {@code false} is 0.
 * </ul>
 *
 * How a cell that is neither becomes a number is each reader's own business ({@code verdict score}
 * parses doubles, the feature cache float32 or int32 as its group says); only these rules are
 * shared. Nothing here allocates.
 */
public final class CsvCells {
    /** The words that make a cell missing (matched in any case, spaces around ignored). */
    public static final List<String> MISSING_TOKENS = List.of("", "NA", "N/A", "NaN", "null");

    private CsvCells() {
    }

    /**
     * {@return whether the cell is a missing value}
     *
     * @param bytes the cell's bytes
     * @param from the first byte of the cell
     * @param to one past its last byte
     */
    public static boolean isMissing(byte[] bytes, int from, int to) {
        // The common cell, a number longer than any token with no blank around it, in 3 tests.
        if (to - from > 4 && !isBlank(bytes[from]) && !isBlank(bytes[to - 1])) {
            return false;
        }
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        return is(bytes, from, n, "na") || is(bytes, from, n, "n/a") || is(bytes, from, n, "nan")
                || is(bytes, from, n, "null");
    }

    /**
     * {@return whether the cell is a missing value}
     *
     * @param cell the cell's text
     */
    public static boolean isMissing(CharSequence cell) {
        int from = 0;
        int to = cell.length();
        while (from < to && isBlank(cell.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(cell.charAt(to - 1))) {
            to--;
        }
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        return is(cell, from, n, "na") || is(cell, from, n, "n/a") || is(cell, from, n, "nan")
                || is(cell, from, n, "null");
    }

    /**
     * {@return 1 for {@code true}, 0 for {@code false}, -1 for anything else}
     *
     * @param bytes the cell's bytes
     * @param from the first byte of the cell
     * @param to one past its last byte
     */
    public static int booleanValue(byte[] bytes, int from, int to) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        int n = to - from;
        return is(bytes, from, n, "true") ? 1 : is(bytes, from, n, "false") ? 0 : -1;
    }

    /**
     * {@return 1 for {@code true}, 0 for {@code false}, -1 for anything else}
     *
     * @param cell the cell's text
     */
    public static int booleanValue(CharSequence cell) {
        int from = 0;
        int to = cell.length();
        while (from < to && isBlank(cell.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(cell.charAt(to - 1))) {
            to--;
        }
        int n = to - from;
        return is(cell, from, n, "true") ? 1 : is(cell, from, n, "false") ? 0 : -1;
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    /** Whether {@code n} bytes at {@code from} spell {@code lowerWord} in any ASCII case. */
    private static boolean is(byte[] bytes, int from, int n, String lowerWord) {
        if (n != lowerWord.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = bytes[from + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean is(CharSequence cell, int from, int n, String lowerWord) {
        if (n != lowerWord.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = cell.charAt(from + k);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
