package dev.verdict.cache;

import java.lang.foreign.MemorySegment;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * Writes records into a snapshot map in event-time order, under the entry's segment update lock:
 * a record older than the stored one is ignored, and a byte-identical one changes nothing.
 * Upserts, merges, bulk-load rows, checkpoints and crash recovery all write through it, which is
 * what makes replaying a journal idempotent.
 */
final class OrderedWrites {
    private final FeatureGroup group;
    private final int recordBytes;
    /** Replay's own key buffer: a checkpoint replays in the middle of an upsert that holds the writer's. */
    private final KeyBuffer replayKey;
    private final FeatureRecord replayRecord;
    /** Where a merge builds its result (merges and replays run one at a time, under the writer's lock). */
    private final FeatureRecord merged;

    OrderedWrites(FeatureGroup group) {
        this.group = group;
        this.recordBytes = group.recordBytes();
        this.replayKey = new KeyBuffer(group.maxKeyBytes());
        this.replayRecord = new FeatureRecord(group);
        this.merged = new FeatureRecord(group);
    }

    /**
     * Writes the sealed record at {@code address} (viewed by {@code recordStore}) unless the
     * stored one is newer.
     *
     * @throws StoreFullException if the entity is new and the map has no room
     */
    UpsertOutcome apply(ChronicleMap<byte[], byte[]> map, PointerBytesStore keyStore, int keyLength,
            PointerBytesStore recordStore, long address) {
        long eventTime = RecordLayout.MEMORY.get(RecordLayout.LONG, address);
        try (ExternalMapQueryContext<byte[], byte[], ?> ctx = map.queryContext(keyStore, 0, keyLength)) {
            ctx.updateLock().lock();
            MapEntry<byte[], byte[]> entry = ctx.entry();
            Data<byte[]> data = ctx.wrapValueBytesAsData(recordStore, 0, recordBytes);
            if (entry == null) {
                try {
                    ctx.insert(ctx.absentEntry(), data);
                } catch (IllegalStateException e) {
                    throw new StoreFullException("feature group '" + group.name() + "' is full ("
                            + map.longSize() + " entities): " + e.getMessage(), e);
                }
                return UpsertOutcome.INSERTED;
            }
            Data<byte[]> old = entry.value();
            long oldAddress = old.bytes().addressForRead(old.offset());
            if (RecordLayout.MEMORY.get(RecordLayout.LONG, oldAddress) > eventTime) {
                return UpsertOutcome.IGNORED_OLDER;
            }
            if (MemorySegment.mismatch(RecordLayout.MEMORY, oldAddress, oldAddress + recordBytes,
                    RecordLayout.MEMORY, address, address + recordBytes) < 0) {
                return UpsertOutcome.UNCHANGED;
            }
            ctx.replaceValue(entry, data);
            return UpsertOutcome.UPDATED;
        }
    }

    /** {@link #apply} of a record. */
    UpsertOutcome apply(ChronicleMap<byte[], byte[]> map, PointerBytesStore keyStore, int keyLength,
            FeatureRecord record) {
        return apply(map, keyStore, keyLength, record.store, record.address());
    }

    /**
     * Merges into the stored record the features set in {@code maskAddress} (presence-word
     * layout) with their values and presence taken from the record at {@code address}; the other
     * features keep their stored values (an entity without a record gets only the merged ones).
     * The result carries {@code eventTime}; nothing changes if the stored record is newer. The
     * result is appended to {@code journal} (with the mask) before it is written, unless the
     * journal is null (a replay).
     *
     * @throws StoreFullException if the entity is new and the map has no room
     */
    UpsertOutcome merge(ChronicleMap<byte[], byte[]> map, PointerBytesStore keyStore, long keyAddress, int keyLength,
            long eventTime, long address, long maskAddress, Journal journal) {
        try (ExternalMapQueryContext<byte[], byte[], ?> ctx = map.queryContext(keyStore, 0, keyLength)) {
            ctx.updateLock().lock();
            MapEntry<byte[], byte[]> entry = ctx.entry();
            long oldAddress = 0;
            if (entry != null) {
                Data<byte[]> old = entry.value();
                oldAddress = old.bytes().addressForRead(old.offset());
                if (RecordLayout.MEMORY.get(RecordLayout.LONG, oldAddress) > eventTime) {
                    return UpsertOutcome.IGNORED_OLDER;
                }
            }
            combine(oldAddress, address, maskAddress);
            merged.seal(eventTime);
            long result = merged.address();
            if (entry != null && MemorySegment.mismatch(RecordLayout.MEMORY, oldAddress, oldAddress + recordBytes,
                    RecordLayout.MEMORY, result, result + recordBytes) < 0) {
                return UpsertOutcome.UNCHANGED;
            }
            if (journal != null && !journal.append(keyAddress, keyLength, result, maskAddress)) {
                // The caller made room first; nothing has been written.
                throw new FeatureStoreException("the upsert journal has no room for a merge");
            }
            Data<byte[]> data = ctx.wrapValueBytesAsData(merged.store, 0, recordBytes);
            if (entry == null) {
                try {
                    ctx.insert(ctx.absentEntry(), data);
                } catch (IllegalStateException e) {
                    throw new StoreFullException("feature group '" + group.name() + "' is full ("
                            + map.longSize() + " entities): " + e.getMessage(), e);
                }
                return UpsertOutcome.INSERTED;
            }
            ctx.replaceValue(entry, data);
            return UpsertOutcome.UPDATED;
        }
    }

    /**
     * Builds {@link #merged}: the record at {@code base} (none if 0) with the masked features'
     * presence bits and values replaced by those of the record at {@code source}.
     */
    private void combine(long base, long source, long maskAddress) {
        long to = merged.address();
        if (base == 0) {
            merged.clear();
        } else {
            MemorySegment.copy(RecordLayout.MEMORY, base, RecordLayout.MEMORY, to, recordBytes);
        }
        int features = group.size();
        long values = RecordLayout.valuesOffset(features);
        for (int w = 0; w < RecordLayout.presenceWords(features); w++) {
            long mask = RecordLayout.MEMORY.get(RecordLayout.LONG, maskAddress + 8L * w);
            if (mask == 0) {
                continue;
            }
            long at = RecordLayout.PRESENCE + 8L * w;
            long presence = RecordLayout.MEMORY.get(RecordLayout.LONG, to + at);
            long incoming = RecordLayout.MEMORY.get(RecordLayout.LONG, source + at);
            RecordLayout.MEMORY.set(RecordLayout.LONG, to + at, (presence & ~mask) | (incoming & mask));
            for (long bits = mask; bits != 0; bits &= bits - 1) {
                long slot = values + 4L * (64L * w + Long.numberOfTrailingZeros(bits));
                boolean present = (incoming & Long.lowestOneBit(bits)) != 0;
                RecordLayout.MEMORY.set(RecordLayout.INT, to + slot,
                        present ? RecordLayout.MEMORY.get(RecordLayout.INT, source + slot) : 0);
            }
        }
    }

    /**
     * Writes every committed entry of {@code from} into {@code map}, in order. A merge's entry is
     * written as the whole record it produced when {@code map} is a copy of the generation the
     * journal belongs to (recovery, checkpoints: this restores a torn record, whatever its earlier
     * versions), and re-merged onto the stored record when {@code map} is a load's new snapshot
     * (the file's row then keeps what the merge did not set).
     *
     * @param remerge whether merges are re-applied as merges ({@code map} holds other records than
     *        the ones the journal's merges were made against)
     * @throws CorruptStoreException if committed entries are damaged
     */
    void replay(Journal from, ChronicleMap<byte[], byte[]> map, boolean remerge) {
        long bad = from.replay((keyAddress, keyLength, recordAddress, maskAddress) -> {
            MemorySegment.copy(RecordLayout.MEMORY, keyAddress, RecordLayout.MEMORY, replayKey.address, keyLength);
            replayRecord.copyFrom(recordAddress);
            try {
                if (remerge && maskAddress != 0) {
                    merge(map, replayKey.store, replayKey.address, keyLength, replayRecord.eventTimeMillis(),
                            replayRecord.address(), maskAddress, null);
                } else {
                    apply(map, replayKey.store, keyLength, replayRecord);
                }
            } catch (StoreFullException e) {
                // The same write failed when it was made; it was never acknowledged.
            }
        });
        if (bad > 0) {
            throw new CorruptStoreException("journal " + from.file() + " holds " + bad + " damaged committed entries");
        }
    }
}
