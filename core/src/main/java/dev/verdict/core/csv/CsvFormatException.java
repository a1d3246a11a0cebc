package dev.verdict.core.csv;

import dev.verdict.core.VerdictException;

/**
 * A CSV file that cannot be read as CSV (an unterminated quoted field, text after a closing
 * quote, a record beyond the size limit), or a cell its reader rejects. The message starts with
 * the file, the line and the column.
 */
public class CsvFormatException extends VerdictException {
    private static final long serialVersionUID = 1L;
    /** The 1-based line the record starts on, or 0. */
    private final long line;
    /** The 1-based column, or 0. */
    private final int column;

    /**
     * Creates the exception.
     *
     * @param message the whole message, place included (see {@link CsvReader#where(int)})
     * @param line the 1-based line the record starts on, 0 if the problem is not about one record
     * @param column the 1-based column (field number), 0 if the problem is not about one cell
     */
    public CsvFormatException(String message, long line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** {@return the 1-based line the record starts on, 0 if the problem is not about one record} */
    public long line() {
        return line;
    }

    /** {@return the 1-based column (field number), 0 if the problem is not about one cell} */
    public int column() {
        return column;
    }
}
