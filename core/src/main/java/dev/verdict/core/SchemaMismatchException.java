package dev.verdict.core;

/**
 * A model whose input features cannot be fed from a request schema: a feature the model reads is
 * absent from the schema, or present with an incompatible type or category dictionary. Raised when a
 * model is published, so the version already serving keeps serving.
 */
public final class SchemaMismatchException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which features do not map, and why
     */
    public SchemaMismatchException(String message) {
        super(message);
    }
}
