package dev.verdict.core;

/**
 * A model name that is registered but has no published version yet, so nothing can score under
 * it. Publish a version with {@link ModelHandle#publish(Model)}.
 */
public final class ModelNotPublishedException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param modelName the registered name
     */
    public ModelNotPublishedException(String modelName) {
        super("model '" + modelName + "' is registered but has no published version yet;"
                + " publish one with ModelHandle.publish(model)");
    }
}
