package dev.verdict.core;

/**
 * A model artifact that could not be turned into a {@link Model}: unreadable, truncated, malformed,
 * inconsistent (out-of-range child or feature indices, cycles, NaN thresholds) or using a feature
 * Verdict does not support. The message names the file, the location in it when known, and the
 * problem. Nothing half-loaded is ever returned.
 */
public class ModelLoadException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and the problem
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message the file and the problem
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
