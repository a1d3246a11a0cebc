package dev.verdict.cache;

import dev.verdict.core.InvalidFeatureValueException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.openhft.chronicle.bytes.PointerBytesStore;

/**
 * One entity's feature values in the group's record layout, off-heap, reused from write to write.
 * A writer fills one and {@link FeatureWriter#upsert(long, long, FeatureRecord) upserts} or
 * {@link FeatureWriter#merge(long, long, FeatureRecord) merges} it; {@link FeatureStore#get}
 * returns one for inspection. NaN means absent: the record's presence bit for that feature is
 * cleared, and a reader substitutes the default or a missing value.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=record}
 *
 * <p>The record remembers which features were {@linkplain #set(int, double) set} since the last
 * {@link #clear()}: a merge writes those (a feature set to NaN becomes absent) and keeps the
 * stored values of the others; an upsert writes the record as it is, every feature not set being
 * absent. Setters check each value against its feature's type and allocate nothing. Not
 * thread-safe.
 */
public final class FeatureRecord {
    private final FeatureGroup group;
    private final ValueType[] types;
    private final MemorySegment segment;
    private final int valuesOffset;
    private final int checksumOffset;
    /** Where the mask of features set since the last clear starts: right after the record's bytes. */
    private final int maskOffset;
    /** The record's bytes as a Chronicle {@code BytesStore}, to hand to Chronicle Map. */
    final PointerBytesStore store;

    FeatureRecord(FeatureGroup group) {
        this.group = group;
        this.types = new ValueType[group.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = group.features().get(i).type();
        }
        // Native memory, so that a write hands Chronicle Map and the journal a plain address; the
        // set-mask follows the record, as presence words, so that a merge journals it from there.
        this.maskOffset = group.recordBytes();
        this.segment = Arena.ofAuto().allocate(maskOffset + 8L * RecordLayout.presenceWords(types.length), 8);
        this.valuesOffset = RecordLayout.valuesOffset(types.length);
        this.checksumOffset = RecordLayout.checksumOffset(types.length);
        this.store = new PointerBytesStore();
        store.set(segment.address(), maskOffset);
    }

    /** {@return the group this record belongs to} */
    public FeatureGroup group() {
        return group;
    }

    /** {@return this record with every value absent, nothing set, and event time 0} */
    public FeatureRecord clear() {
        segment.fill((byte) 0);
        return this;
    }

    /**
     * Sets a value, and marks the feature as set (what a merge writes).
     *
     * @param index a feature index in the group
     * @param value the value; NaN makes it absent
     * @return this record
     * @throws InvalidFeatureValueException if the value does not fit the feature's type
     */
    public FeatureRecord set(int index, double value) {
        long word = 8L * (index >>> 6);
        long bit = 1L << index;
        long presence = segment.get(RecordLayout.LONG, RecordLayout.PRESENCE + word);
        if (Double.isNaN(value)) {
            segment.set(RecordLayout.LONG, RecordLayout.PRESENCE + word, presence & ~bit);
            segment.set(RecordLayout.INT, valuesOffset + 4L * index, 0);
        } else {
            ValueType type = types[index];
            String problem = RecordLayout.problem(type, value);
            if (problem != null) {
                throw new InvalidFeatureValueException(group.features().get(index).name(), value, problem);
            }
            segment.set(RecordLayout.INT, valuesOffset + 4L * index, RecordLayout.encode(type, value));
            segment.set(RecordLayout.LONG, RecordLayout.PRESENCE + word, presence | bit);
        }
        segment.set(RecordLayout.LONG, maskOffset + word, segment.get(RecordLayout.LONG, maskOffset + word) | bit);
        return this;
    }

    /**
     * Sets a value by feature name, and marks the feature as set (what a merge writes).
     *
     * @param feature a feature name
     * @param value the value; NaN makes it absent
     * @return this record
     * @throws IllegalArgumentException if the group has no such feature
     */
    public FeatureRecord set(String feature, double value) {
        return set(group.indexOf(feature), value);
    }

    /**
     * {@return whether the record holds a value for it}
     *
     * @param index a feature index
     */
    public boolean isPresent(int index) {
        return (segment.get(RecordLayout.LONG, RecordLayout.PRESENCE + 8L * (index >>> 6)) & (1L << index)) != 0;
    }

    /**
     * {@return its value, NaN if absent}
     *
     * @param index a feature index
     */
    public double get(int index) {
        if (!isPresent(index)) {
            return Double.NaN;
        }
        int bits = segment.get(RecordLayout.INT, valuesOffset + 4L * index);
        return types[index] == ValueType.FLOAT32 ? Float.intBitsToFloat(bits) : bits;
    }

    /** {@return the event time (epoch ms) of a record read from a store or last upserted} */
    public long eventTimeMillis() {
        return segment.get(RecordLayout.LONG, RecordLayout.EVENT_TIME);
    }

    /** Stamps the event time and the checksum: the record is then ready to be written. */
    void seal(long eventTimeMillis) {
        segment.set(RecordLayout.LONG, RecordLayout.EVENT_TIME, eventTimeMillis);
        segment.set(RecordLayout.LONG, checksumOffset, RecordLayout.checksum(segment.address(), checksumOffset));
    }

    long address() {
        return segment.address();
    }

    /** {@return the address of the mask of features set since the last clear (presence-word layout)} */
    long maskAddress() {
        return segment.address() + maskOffset;
    }

    /** Copies a record's bytes in; the set-mask is left as it was. */
    void copyFrom(long address) {
        MemorySegment.copy(RecordLayout.MEMORY, address, segment, 0, maskOffset);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("FeatureRecord[eventTime=").append(eventTimeMillis());
        for (int i = 0; i < types.length; i++) {
            s.append(", ").append(group.features().get(i).name()).append('=').append(get(i));
        }
        return s.append(']').toString();
    }
}
