package dev.verdict.core;

/** A row with more or fewer values than its schema has features. */
public final class FeatureCountMismatchException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /** The number of features the schema defines. */
    private final int expected;
    /** The number of values supplied. */
    private final int actual;

    /**
     * Creates the exception.
     *
     * @param expected the number of features the schema defines
     * @param actual the number of values supplied
     */
    public FeatureCountMismatchException(int expected, int actual) {
        super("expected " + expected + " feature values, got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /** {@return the number of features the schema defines} */
    public int expected() {
        return expected;
    }

    /** {@return the number of values supplied} */
    public int actual() {
        return actual;
    }
}
