package dev.verdict.cache;

/**
 * A bulk-load input file is wrong: a missing or unknown column, a value of the wrong type, a
 * malformed line. The message names the file, line and column; the live snapshot is untouched.
 */
public class CsvLoadException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;
    /** The 1-based line of the problem, or 0. */
    private final long line;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the file, line and column
     * @param line the 1-based line number, 0 if none
     */
    public CsvLoadException(String message, long line) {
        super(message);
        this.line = line;
    }

    /** {@return the 1-based line number of the problem, or 0 if it is not about one line} */
    public long line() {
        return line;
    }
}
