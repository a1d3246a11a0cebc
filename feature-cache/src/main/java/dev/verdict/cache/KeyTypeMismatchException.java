package dev.verdict.cache;

/**
 * An entity id of the other key type than the group's: a string id for a group keyed by
 * {@code long}, or the reverse, or text that is not a number for a {@code long}-keyed group.
 */
public final class KeyTypeMismatchException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the group, its key type and the id given
     */
    public KeyTypeMismatchException(String message) {
        super(message);
    }

    static KeyTypeMismatchException of(FeatureGroup group, String given) {
        return new KeyTypeMismatchException("group '" + group.name() + "' is keyed by "
                + (group.keyType() == KeyType.LONG ? "long" : "string") + " ids; got " + given);
    }
}
