package dev.verdict.cache;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.SchemaMismatchException;
import dev.verdict.core.ThreadOwner;
import dev.verdict.core.WrongThreadException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.ExternalMapQueryContext;

/**
 * Reads one group's records straight into a model's {@link FeatureVector}, on the request path,
 * allocating nothing. A read finds the entity's record under Chronicle Map's segment read lock,
 * copies it out (432 bytes for 100 features) and releases the lock; then it verifies the copy's
 * checksum and decodes it into the vector through an index map built once (group feature to
 * model feature). The lock is held only for the copy, and a damaged record never reaches the
 * vector. One reader per thread; create them with
 * {@link FeatureStore#reader(String, FeatureSchema, ReadOptions)}.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=reader}
 *
 * <p>Group features the model does not use are skipped; model features the group lacks are left
 * as they are, for the caller to fill. What an unknown entity or a stale record leaves in the
 * vector, or whether it is an error ({@link EntityNotFoundException}, {@link StaleRecordException},
 * thrown before the vector is touched), is the {@link ReadOptions}' choice. A read that waits
 * longer than {@link ReadOptions#lockTimeout()} for a record a writer holds (a writer that died
 * mid-write and is recovering) throws {@link StoreUnavailableException}.
 */
public final class FeatureReader {
    private final GroupView view;
    private final FeatureSchema schema;
    private final ReadOptions options;
    private final ThreadOwner owner = new ThreadOwner("FeatureReader");
    private final KeyBuffer key;
    private final boolean longKeys;
    private final int features;
    private final int valuesOffset;
    private final long maxAgeMillis;
    private final long lockTimeoutNanos;
    private final boolean verify;
    private final boolean failIfNotFound;
    private final boolean failIfStale;
    /** The id being read, kept (not formatted) for the message of a read that must fail. */
    private long longId;
    private CharSequence stringId;
    // Mapped features only, in group order: where each value sits and where it goes.
    private final int[] slots;
    private final int[] targets;
    private final boolean[] floats;
    private final double[] absentValues;
    private final double[] notFoundValues;
    private final double[] staleValues;
    // The mapped features cut into runs (ranges of k): a bulk run holds float32 values in
    // consecutive slots going to consecutive numeric features, so a record whose values are all
    // present fills it with one FeatureVector.setFloats call.
    private final int[] runStart;
    private final int[] runEnd;
    private final boolean[] runBulk;
    private long lastEventTime;
    /** The record being read, copied out of the map (see lookup). */
    private final byte[] record;
    private final MemorySegment recordSegment;

    FeatureReader(GroupView view, FeatureSchema schema, ReadOptions options) {
        this.view = view;
        this.schema = schema;
        this.options = options;
        FeatureGroup group = view.group;
        this.key = new KeyBuffer(group.maxKeyBytes());
        this.longKeys = group.keyType() == KeyType.LONG;
        this.features = group.size();
        this.valuesOffset = RecordLayout.valuesOffset(features);
        this.record = new byte[RecordLayout.recordBytes(features)];
        this.recordSegment = MemorySegment.ofArray(record);
        this.maxAgeMillis = group.maxAge().toMillis();
        this.lockTimeoutNanos = options.lockTimeout().toNanos();
        this.verify = options.verifyChecksums();
        this.failIfNotFound = options.failIfNotFound();
        this.failIfStale = options.failIfStale();
        List<Integer> mapped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            GroupFeature gf = group.features().get(i);
            int t = schema.find(gf.name());
            if (t < 0) {
                continue;
            }
            Feature target = schema.feature(t);
            if (!compatible(gf.type(), target.type())) {
                problems.add("'" + gf.name() + "' is " + gf.type() + " in group '" + group.name()
                        + "' but " + target.type() + " in the model");
            }
            mapped.add(i);
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException("group '" + group.name() + "' cannot feed this model: "
                    + String.join("; ", problems));
        }
        int n = mapped.size();
        this.slots = new int[n];
        this.targets = new int[n];
        this.floats = new boolean[n];
        this.absentValues = new double[n];
        this.notFoundValues = new double[n];
        this.staleValues = new double[n];
        for (int k = 0; k < n; k++) {
            int i = mapped.get(k);
            GroupFeature gf = group.features().get(i);
            slots[k] = i;
            targets[k] = schema.find(gf.name());
            floats[k] = gf.type() == ValueType.FLOAT32;
            absentValues[k] = fillValue(options.whenAbsent(), gf);
            notFoundValues[k] = fillValue(options.whenNotFound(), gf);
            staleValues[k] = fillValue(options.whenStale(), gf);
        }
        List<int[]> runs = new ArrayList<>();
        for (int k = 0; k < n;) {
            int end = k + 1;
            boolean bulk = floats[k] && schema.type(targets[k]) == FeatureType.NUMERIC;
            while (bulk && end < n && floats[end] && slots[end] == slots[end - 1] + 1
                    && targets[end] == targets[end - 1] + 1
                    && schema.type(targets[end]) == FeatureType.NUMERIC) {
                end++;
            }
            bulk &= end - k > 1; // a single value gains nothing from the bulk call
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (!bulk && last != null && last[2] == 0) {
                last[1] = end; // one per-value stretch, so it reads each presence word once
            } else {
                runs.add(new int[] {k, end, bulk ? 1 : 0});
            }
            k = end;
        }
        this.runStart = runs.stream().mapToInt(r -> r[0]).toArray();
        this.runEnd = runs.stream().mapToInt(r -> r[1]).toArray();
        this.runBulk = new boolean[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            runBulk[r] = runs.get(r)[2] == 1;
        }
    }

    private static boolean compatible(ValueType stored, FeatureType model) {
        return switch (model) {
            case NUMERIC -> true;
            case CATEGORICAL -> stored == ValueType.CATEGORICAL || stored == ValueType.INT32;
            case BOOLEAN -> stored == ValueType.BOOLEAN;
        };
    }

    private static double fillValue(Fill fill, GroupFeature f) {
        return fill == Fill.DEFAULTS ? f.defaultValue() : Double.NaN;
    }

    /** {@return the group this reader reads} */
    public FeatureGroup group() {
        return view.group;
    }

    /** {@return the model schema this reader fills (the layout the vectors it reads into must have)} */
    public FeatureSchema schema() {
        return schema;
    }

    /** {@return the options this reader was made with} */
    public ReadOptions options() {
        return options;
    }

    /**
     * {@return how many of the group's features the model takes from this reader: worth checking when a service starts, since a model whose feature names match none of the group's reads nothing from it (and scores on whatever the request alone supplies)}
     */
    public int mappedFeatures() {
        return slots.length;
    }

    /**
     * Ends the calling thread's ownership of this reader so that another thread may use it next,
     * as a pool does when a reader is returned. A reader belongs to the first thread that reads
     * with it; a read from another thread throws {@link WrongThreadException}.
     *
     * @throws WrongThreadException if another thread owns this reader
     */
    public void release() {
        owner.release();
    }

    /** {@return the event time (epoch ms) of the record the last read found, or 0} */
    public long lastEventTimeMillis() {
        return lastEventTime;
    }

    /**
     * Reads the record of a {@code long}-keyed entity into {@code into}.
     *
     * @param entityId the entity id
     * @param into a vector of this reader's schema
     * @return whether the record was found, and fresh
     * @throws EntityNotFoundException if there is no record and the options say
     *         {@link ReadOptions#failIfNotFound()} (the vector is left as it was)
     * @throws StaleRecordException if the record is stale and the options say
     *         {@link ReadOptions#failIfStale()} (the vector is left as it was)
     * @throws KeyTypeMismatchException if the group has string keys
     * @throws SchemaMismatchException if the vector's schema has another layout than this reader's
     * @throws WrongThreadException if another thread owns this reader
     * @throws StoreUnavailableException if the record stayed locked longer than the lock timeout
     * @throws CorruptStoreException if the record fails its checksum (the vector is left as it was)
     */
    public ReadStatus read(long entityId, FeatureVector into) {
        owner.check();
        if (!longKeys) {
            throw KeyTypeMismatchException.of(view.group, "the long id " + entityId
                    + "; read it with read(CharSequence, vector)");
        }
        longId = entityId;
        stringId = null;
        return lookup(key.setLong(entityId), into);
    }

    /**
     * Reads the record of a string-keyed entity into {@code into}, without allocating.
     *
     * @param entityId the entity id; an id longer than the group's key limit is never found
     * @param into a vector of this reader's schema
     * @return whether the record was found, and fresh
     * @throws EntityNotFoundException if there is no record and the options say
     *         {@link ReadOptions#failIfNotFound()} (the vector is left as it was)
     * @throws StaleRecordException if the record is stale and the options say
     *         {@link ReadOptions#failIfStale()} (the vector is left as it was)
     * @throws KeyTypeMismatchException if the group has long keys
     * @throws SchemaMismatchException if the vector's schema has another layout than this reader's
     * @throws WrongThreadException if another thread owns this reader
     * @throws StoreUnavailableException if the record stayed locked longer than the lock timeout
     * @throws CorruptStoreException if the record fails its checksum (the vector is left as it was)
     */
    public ReadStatus read(CharSequence entityId, FeatureVector into) {
        owner.check();
        if (longKeys) {
            throw KeyTypeMismatchException.of(view.group,
                    "a string id; read it with read(long, vector)");
        }
        stringId = entityId;
        int length = key.setString(entityId);
        if (length < 0) {
            checkVector(into);
            return notFound(into);
        }
        return lookup(length, into);
    }

    private void checkVector(FeatureVector into) {
        if (!schema.hasSameLayout(into.schema())) {
            throw new SchemaMismatchException("this reader fills vectors of " + schema
                    + ", got a vector of " + into.schema() + ": make the reader with the schema of the"
                    + " vectors it fills (store.reader(group, vector.schema(), options); for a model"
                    + " behind a registry, the handle's requestSchema())");
        }
    }

    private ReadStatus lookup(int keyLength, FeatureVector into) {
        checkVector(into);
        // Read once per call, before the lookup rather than after the record's cache misses.
        long now = options.clock().millis();
        long deadline = 0;
        int waits = 0;
        while (true) {
            Snapshot snapshot = view.current();
            boolean copied = false;
            try (ExternalMapQueryContext<byte[], byte[], ?> ctx = snapshot.map.queryContext(key.store, 0, keyLength)) {
                if (ctx.readLock().tryLock()) {
                    MapEntry<byte[], byte[]> entry = ctx.entry();
                    if (entry == null) {
                        return notFound(into);
                    }
                    // Copied out under the lock through Chronicle's own reader (RecordBytesMarshaller),
                    // then verified and decoded from the copy: the lock is held only for the copy,
                    // and a damaged record never reaches the vector.
                    if (entry.value().getUsing(record) != record) { // reused only at the right size
                        throw damaged("is " + entry.value().size() + " bytes, not " + record.length);
                    }
                    copied = true;
                }
            }
            if (copied) {
                return decode(now, into);
            }
            // A writer holds the segment: briefly for a live one; until recovery publishes a new
            // generation (which current() picks up) for one that died mid-write.
            long nanos = System.nanoTime();
            if (deadline == 0) {
                deadline = nanos + lockTimeoutNanos;
            } else if (nanos - deadline > 0) {
                throw new StoreUnavailableException("a record of group '" + view.group.name()
                        + "' stayed locked for " + options.lockTimeout().toMillis()
                        + " ms; the writer may have died mid-write (a restarted writer recovers the store)");
            }
            if (++waits < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    private ReadStatus notFound(FeatureVector into) {
        lastEventTime = 0;
        if (failIfNotFound) {
            throw new EntityNotFoundException(view.group.name(), idText());
        }
        if (options.whenNotFound() != Fill.UNCHANGED) {
            for (int k = 0; k < targets.length; k++) {
                into.set(targets[k], notFoundValues[k]);
            }
        }
        return ReadStatus.NOT_FOUND;
    }

    /** The id being read, as text: only for an exception's message (allocates). */
    private String idText() {
        return stringId != null ? "'" + stringId + "'" : Long.toString(longId);
    }

    private CorruptStoreException damaged(String problem) {
        return new CorruptStoreException("a record of group '" + view.group.name() + "' " + problem
                + ": the snapshot is damaged; restart the writer to recover it");
    }

    /** Verifies and decodes {@link #record}, read at {@code now}. */
    private ReadStatus decode(long now, FeatureVector into) {
        final MemorySegment record = recordSegment;
        if (verify && !RecordLayout.checksumMatches(record, 0, features)) {
            lastEventTime = 0;
            throw damaged("fails its checksum");
        }
        long eventTime = record.get(RecordLayout.LONG, RecordLayout.EVENT_TIME);
        lastEventTime = eventTime;
        boolean stale = now - eventTime > maxAgeMillis;
        if (stale && failIfStale) {
            throw new StaleRecordException(view.group.name(), idText(), eventTime, now, view.group.maxAge());
        }
        if (stale && options.whenStale() != Fill.RECORD) {
            if (options.whenStale() != Fill.UNCHANGED) {
                for (int k = 0; k < targets.length; k++) {
                    into.set(targets[k], staleValues[k]);
                }
            }
            return ReadStatus.STALE;
        }
        boolean keepAbsent = options.whenAbsent() == Fill.UNCHANGED;
        long values = valuesOffset;
        long presenceAt = RecordLayout.PRESENCE;
        for (int r = 0; r < runStart.length; r++) {
            int start = runStart[r];
            int end = runEnd[r];
            if (runBulk[r] && allPresent(record, presenceAt, slots[start], end - start)) {
                into.setFloats(targets[start], record, values + 4L * slots[start], end - start);
            } else {
                decodeEach(record, start, end, values, presenceAt, keepAbsent, into);
            }
        }
        return stale ? ReadStatus.STALE : ReadStatus.FOUND;
    }

    /** Whether presence bits {@code [slot, slot + count)} are all set. */
    private static boolean allPresent(MemorySegment record, long presenceAt, int slot, int count) {
        int end = slot + count;
        while (slot < end) {
            int word = slot >>> 6;
            int stop = Math.min(end, (word + 1) << 6);
            long mask = (-1L >>> (64 - (stop - slot))) << (slot & 63);
            if ((record.get(RecordLayout.LONG, presenceAt + 8L * word) & mask) != mask) {
                return false;
            }
            slot = stop;
        }
        return true;
    }

    /** Mapped features {@code [from, to)} one by one, honouring presence bits. */
    private void decodeEach(MemorySegment record, int from, int to, long values, long presenceAt,
            boolean keepAbsent, FeatureVector into) {
        int word = -1;
        long presence = 0;
        for (int k = from; k < to; k++) {
            int slot = slots[k];
            if (slot >>> 6 != word) {
                word = slot >>> 6;
                presence = record.get(RecordLayout.LONG, presenceAt + 8L * word);
            }
            if ((presence & (1L << slot)) != 0) {
                int bits = record.get(RecordLayout.INT, values + 4L * slot);
                into.set(targets[k], floats[k] ? Float.intBitsToFloat(bits) : bits);
            } else if (!keepAbsent) {
                into.set(targets[k], absentValues[k]);
            }
        }
    }
}
