package dev.verdict.cache;

/** The store holds a feature group whose definition differs from the one given; nothing is read or written. */
public class StoreSchemaMismatchException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StoreSchemaMismatchException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StoreSchemaMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
