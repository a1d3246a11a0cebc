package dev.verdict.cache;

/** What identifies an entity in a feature group. */
public enum KeyType {
    /** A {@code long} entity id, stored as eight bytes. */
    LONG,
    /**
     * A string id (an application or card id), stored as its UTF-8 bytes, at most
     * {@link FeatureGroup#maxKeyBytes()} of them.
     */
    STRING
}
