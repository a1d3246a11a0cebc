package dev.verdict.cache;

import java.lang.foreign.MemorySegment;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * Writes sealed records into a snapshot map in event-time order, under the entry's segment
 * update lock: a record older than the stored one is ignored, and a byte-identical one changes
 * nothing. Upserts, bulk-load rows, checkpoints and crash recovery all write through it, which is
 * what makes replaying a journal idempotent.
 */
final class OrderedWrites {
    private final FeatureGroup group;
    private final int recordBytes;
    /** Replay's own key buffer: a checkpoint replays in the middle of an upsert that holds the writer's. */
    private final KeyBuffer replayKey;
    private final FeatureRecord replayRecord;

    OrderedWrites(FeatureGroup group) {
        this.group = group;
        this.recordBytes = group.recordBytes();
        this.replayKey = new KeyBuffer(group.maxKeyBytes());
        this.replayRecord = new FeatureRecord(group);
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
     * Writes every committed entry of {@code from} into {@code map}, in order.
     *
     * @throws CorruptStoreException if committed entries are damaged
     */
    void replay(Journal from, ChronicleMap<byte[], byte[]> map) {
        long bad = from.replay((keyAddress, keyLength, recordAddress) -> {
            MemorySegment.copy(RecordLayout.MEMORY, keyAddress, RecordLayout.MEMORY, replayKey.address, keyLength);
            replayRecord.copyFrom(recordAddress);
            try {
                apply(map, replayKey.store, keyLength, replayRecord);
            } catch (StoreFullException e) {
                // The same upsert failed when it was made; it was never acknowledged.
            }
        }, group.size());
        if (bad > 0) {
            throw new CorruptStoreException("journal " + from.file() + " holds " + bad + " damaged committed entries");
        }
    }
}
