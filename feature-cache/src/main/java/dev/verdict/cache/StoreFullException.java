package dev.verdict.cache;

/** The snapshot has no room for another entity (its capacity times Chronicle Map's growth allowance); the record was not written. */
public class StoreFullException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StoreFullException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
