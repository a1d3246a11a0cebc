package dev.verdict.cache;

/** What {@link FeatureReader#read(long, dev.verdict.core.FeatureVector)} found. */
public enum ReadStatus {
    /** A record younger than the group's maximum age. */
    FOUND,
    /** No record for the entity. */
    NOT_FOUND,
    /** A record older than the group's maximum age. */
    STALE
}
