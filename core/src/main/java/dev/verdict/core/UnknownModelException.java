package dev.verdict.core;

import java.util.Collection;
import java.util.List;

/** A model name that nothing has been registered under. */
public final class UnknownModelException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param modelName the name that was looked up
     */
    public UnknownModelException(String modelName) {
        super("no model registered under '" + modelName + "'");
    }

    /**
     * Creates the exception.
     *
     * @param modelName the name that was looked up
     * @param registered the names that are registered
     */
    public UnknownModelException(String modelName, Collection<String> registered) {
        super("no model registered under '" + modelName + "' (registered: "
                + (registered.isEmpty() ? "none" : List.copyOf(registered).toString()) + ")");
    }
}
