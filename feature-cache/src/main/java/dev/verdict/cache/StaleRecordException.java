package dev.verdict.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * A read of a record older than its group's maximum age, by a reader whose options say that must
 * not be scored ({@link ReadOptions#failIfStale(boolean)}). Thrown before the vector is touched.
 */
public final class StaleRecordException extends FeatureStoreException {
    private static final long serialVersionUID = 1L;
    /** The group read. */
    private final String group;
    /** The id read, as text. */
    private final String entityId;
    /** The record's event time, epoch ms. */
    private final long eventTimeMillis;
    /** The record's age when read. */
    private final Duration age;
    /** The group's maximum age. */
    private final Duration maxAge;

    StaleRecordException(String group, String entityId, long eventTimeMillis, long nowMillis, Duration maxAge) {
        super("the record of entity " + entityId + " in feature group '" + group + "' is stale: event time "
                + Instant.ofEpochMilli(eventTimeMillis) + ", " + Duration.ofMillis(nowMillis - eventTimeMillis)
                + " old, more than the group's max age " + maxAge);
        this.group = group;
        this.entityId = entityId;
        this.eventTimeMillis = eventTimeMillis;
        this.age = Duration.ofMillis(nowMillis - eventTimeMillis);
        this.maxAge = maxAge;
    }

    /** {@return the group that was read} */
    public String group() {
        return group;
    }

    /** {@return the entity id that was read, as text} */
    public String entityId() {
        return entityId;
    }

    /** {@return the record's event time, epoch ms} */
    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    /** {@return how old the record was when it was read} */
    public Duration age() {
        return age;
    }

    /** {@return the group's maximum age} */
    public Duration maxAge() {
        return maxAge;
    }
}
