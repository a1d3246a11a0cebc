package dev.verdict.cache;

/** Another process (or another writer in this one) holds the store's writer lock: one writer per group at a time. */
public class StoreLockedException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StoreLockedException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StoreLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
