package dev.verdict.cache;

/**
 * A read of an entity the group holds no record for, by a reader whose options say that must
 * not be scored ({@link ReadOptions#failIfNotFound(boolean)}). Thrown before the vector is
 * touched.
 */
public final class EntityNotFoundException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;
    /** The group read. */
    private final String group;
    /** The id read, as text. */
    private final String entityId;

    EntityNotFoundException(String group, String entityId) {
        super("feature group '" + group + "' has no record of entity " + entityId);
        this.group = group;
        this.entityId = entityId;
    }

    /** {@return the group that was read} */
    public String group() {
        return group;
    }

    /** {@return the entity id that was read, as text} */
    public String entityId() {
        return entityId;
    }
}
