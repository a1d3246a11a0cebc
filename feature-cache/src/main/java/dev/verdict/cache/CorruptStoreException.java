package dev.verdict.cache;

/** A store file is truncated, corrupted, or not a Verdict feature store file. */
public class CorruptStoreException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public CorruptStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public CorruptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
