package dev.verdict.core;

/** A feature name that the schema does not define. */
public final class UnknownFeatureException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /** The name that was looked up. */
    private final String featureName;

    /**
     * Creates the exception.
     *
     * @param featureName the name that was looked up
     * @param schemaDescription a short description of the schema (e.g. its size) for the message
     */
    public UnknownFeatureException(String featureName, String schemaDescription) {
        super("unknown feature '" + featureName + "' (schema has " + schemaDescription + ")");
        this.featureName = featureName;
    }

    /** {@return the name that was not found} */
    public String featureName() {
        return featureName;
    }
}
