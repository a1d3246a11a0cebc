package dev.verdict.core;

/** A model name that nothing has been registered under. */
public final class UnknownModelException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /** @param modelName the name that was looked up */
    public UnknownModelException(String modelName) {
        super("no model registered under '" + modelName + "'");
    }
}
