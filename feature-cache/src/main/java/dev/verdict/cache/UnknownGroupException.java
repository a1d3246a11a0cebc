package dev.verdict.cache;

/** The store has no feature group of that name. */
public class UnknownGroupException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public UnknownGroupException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public UnknownGroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
