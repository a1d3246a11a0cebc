package dev.verdict.cache;

/** A read waited longer than its timeout for a record that a writer holds locked (for instance a writer that died mid-write and has not restarted to recover the store). */
public class StoreUnavailableException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StoreUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
