package dev.verdict.core;

/**
 * A feature value that cannot be scored: infinite, missing where the schema requires a value, or a
 * category that is not a non-negative integer code.
 */
public final class InvalidFeatureValueException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /** The feature the value was given for. */
    private final String featureName;
    /** The rejected value. */
    private final double value;

    /**
     * Creates the exception.
     *
     * @param featureName the feature the value was given for
     * @param value the rejected value (NaN when a required value was missing)
     * @param reason why it was rejected
     */
    public InvalidFeatureValueException(String featureName, double value, String reason) {
        super("feature '" + featureName + "': " + reason + " (value " + value + ")");
        this.featureName = featureName;
        this.value = value;
    }

    /** {@return the feature the value was given for} */
    public String featureName() {
        return featureName;
    }

    /** {@return the rejected value} */
    public double value() {
        return value;
    }
}
