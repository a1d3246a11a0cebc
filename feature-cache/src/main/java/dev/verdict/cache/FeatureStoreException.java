package dev.verdict.cache;

import dev.verdict.core.VerdictException;

/** A feature store operation failed; subclasses name the kind of failure. */
public class FeatureStoreException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public FeatureStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public FeatureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
