package dev.verdict.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one writer of a feature group: creates the group, bulk-loads CSV files into new snapshots,
 * and applies streaming upserts. Holds the group's writer lock (a file lock, released by the OS
 * if the process dies) for as long as it is open. Thread-safe: upserts from several threads are
 * applied one at a time, and may run while a load does.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=writer}
 * }
 *
 * <ul>
 * <li><b>Bulk load</b> builds a new snapshot file beside the live one; readers switch to it
 * atomically when it is complete. Upserts that arrive during the load are applied to the new
 * snapshot too before the switch. A failed or killed load leaves the live snapshot untouched.
 * <li><b>Upserts</b> replace an entity's whole record; <b>merges</b> change only the features
 * they set. Both are event-time ordered (an older event never overwrites a newer record, and
 * replaying an event changes nothing) and journaled before the snapshot is changed.
 * <li><b>Crash safety</b>: if the previous writer died (SIGKILL, an OOM kill), the next
 * {@code open} recovers automatically and exclusively: it copies the live snapshot, repairs the
 * copy with Chronicle Map's recovery, drops records that fail their checksum, replays the
 * journal, and publishes the result as a new generation. Readers keep reading the old snapshot
 * meanwhile (waiting only on a record the dead writer held locked) and then switch. Acknowledged
 * upserts survive the death of the process; surviving a power loss would need the journal
 * forced to disk on every upsert, which this version does not do.
 * </ul>
 */
public final class FeatureWriter implements AutoCloseable {
    static {
        ChronicleDefaults.apply(); // before this class can reach any Chronicle class
    }

    /*
     * Implementation: WriterLock holds the group; Generations knows the live snapshot and journal
     * and switches them (its monitor is the writer's lock); Upserts journals then writes;
     * OrderedWrites applies a record in event-time order (upserts, load rows, replays);
     * CrashRecovery rebuilds a generation after a crash or when a journal fills; BulkLoad and
     * CsvRowParser turn a CSV file into a new generation.
     */

    /** The default size of an upsert journal (256 MiB); when it fills, the writer checkpoints. */
    private static final long DEFAULT_JOURNAL_BYTES = 256L << 20;

    private final FeatureGroup group;
    private final WriterLock lock;
    private final ControlFile control;
    private final Generations generations;
    private final CrashRecovery recovery;
    private final Upserts upserts;
    private final BulkLoad loads;
    private RecoveryReport recoveryReport;

    private FeatureWriter(FeatureGroup group, WriterLock lock, ControlFile control, Generations generations) {
        this.group = group;
        this.lock = lock;
        this.control = control;
        this.generations = generations;
        OrderedWrites writes = new OrderedWrites(group);
        this.recovery = new CrashRecovery(generations, writes);
        this.upserts = new Upserts(generations, writes, this::checkpoint);
        this.loads = new BulkLoad(generations, writes);
    }

    /**
     * Opens {@code group} in the store at {@code storeDir} for writing, creating the store and the
     * group if needed, and recovering the group if its previous writer died.
     *
     * @param storeDir the store directory
     * @param group the group's definition; must equal the stored one if the group exists
     * @return the writer
     * @throws StoreLockedException if another writer holds the group
     * @throws StoreSchemaMismatchException if the group exists with a different definition
     * @throws CorruptStoreException if the group's files are damaged beyond recovery
     */
    public static FeatureWriter open(Path storeDir, FeatureGroup group) {
        return open(storeDir, group, DEFAULT_JOURNAL_BYTES);
    }

    /**
     * Like {@link #open(Path, FeatureGroup)} with a journal size other than the default 256 MiB.
     *
     * @param storeDir the store directory
     * @param group the group's definition
     * @param journalBytes bytes per upsert journal (a sparse file, at least 64 KiB); a full journal
     *        is folded into a new snapshot generation (a checkpoint: a copy of the snapshot, so a
     *        small journal makes frequent upserts copy the snapshot often)
     * @return the writer
     */
    public static FeatureWriter open(Path storeDir, FeatureGroup group, long journalBytes) {
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(group, "group");
        if (journalBytes < (1 << 16)) {
            throw new IllegalArgumentException("journalBytes must be at least 64 KiB");
        }
        JvmFlags.check();
        Path dir = storeDir.resolve(group.name());
        WriterLock lock = null;
        ControlFile control = null;
        try {
            Files.createDirectories(dir);
            lock = WriterLock.acquire(dir, group);
            if (!Files.exists(dir.resolve(ControlFile.NAME))) {
                Generations.createGroup(dir, group, journalBytes);
            }
            control = ControlFile.open(dir, true);
            FeatureStore.requireSameLayout(group, control.group(), dir);
            FeatureWriter writer = new FeatureWriter(group, lock, control,
                    new Generations(dir, group, control, journalBytes));
            writer.start();
            return writer;
        } catch (IOException e) {
            release(control, lock);
            throw new FeatureStoreException("cannot open feature group '" + group.name() + "' at " + dir + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(control, lock);
            throw e;
        }
    }

    private static void release(ControlFile control, WriterLock lock) {
        if (control != null) {
            control.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    /** Opens the live generation, recovering first if the last writer did not close cleanly. */
    private void start() throws IOException {
        long generation = control.get(ControlFile.GENERATION);
        synchronized (generations) {
            if (control.get(ControlFile.WRITER_STATE) != 0) {
                recoveryReport = recovery.recover(generation);
            } else {
                generations.openLive(generation);
            }
        }
        control.set(ControlFile.WRITER_PID, ProcessHandle.current().pid());
        control.set(ControlFile.WRITER_STATE, 1);
        control.force();
    }

    /** {@return the group this writer writes} */
    public FeatureGroup group() {
        return group;
    }

    /** {@return what recovery did when this writer opened, or null if no recovery was needed} */
    public RecoveryReport recovery() {
        return recoveryReport;
    }

    /** {@return a new reusable record for this group's upserts} */
    public FeatureRecord newRecord() {
        return new FeatureRecord(group);
    }

    /**
     * Replaces one entity's whole record, if the stored one is not newer: every feature not set
     * in {@code record} is absent afterwards (readers then fill it as {@link ReadOptions#whenAbsent()}
     * says). To change some features and keep the others, {@link #merge(long, long, FeatureRecord)}.
     *
     * @param entityId the entity id
     * @param eventTimeMillis when the features were computed (epoch ms): orders updates
     * @param record the values; the record is stamped with the event time and a checksum
     * @return what happened ({@link UpsertOutcome#IGNORED_OLDER} if the stored record is newer)
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public UpsertOutcome upsert(long entityId, long eventTimeMillis, FeatureRecord record) {
        synchronized (generations) {
            checkUpsert(record, KeyType.LONG);
            return upserts.upsert(entityId, eventTimeMillis, record);
        }
    }

    /**
     * Replaces one entity's whole record, if the stored one is not newer; like
     * {@link #upsert(long, long, FeatureRecord)} for a string-keyed group.
     *
     * @param entityId the entity id (at most the group's {@code maxKeyBytes} in UTF-8)
     * @param eventTimeMillis when the features were computed (epoch ms): orders updates
     * @param record the values; the record is stamped with the event time and a checksum
     * @return what happened
     * @throws IllegalArgumentException if the id is empty or too long
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public UpsertOutcome upsert(CharSequence entityId, long eventTimeMillis, FeatureRecord record) {
        synchronized (generations) {
            checkUpsert(record, KeyType.STRING);
            return upserts.upsert(entityId, eventTimeMillis, record);
        }
    }

    /**
     * Changes only the features set in {@code record} (since its last {@link FeatureRecord#clear()};
     * one set to NaN becomes absent), keeping the stored values of all the others, if the stored
     * record is not newer than {@code eventTimeMillis}. The record then carries this event time.
     * An entity without a record gets one holding only the set features. Journaled and
     * crash-safe like an upsert: the journal keeps the merged record, so recovery restores it
     * even if the write was torn. A merge made while a bulk load runs is merged again, onto the
     * loaded row, when the load is published (if it is newer than that row).
     *
     * {@snippet class=dev.verdict.cache.Snippets region=merge}
     *
     * @param entityId the entity id
     * @param eventTimeMillis when the changed features were computed (epoch ms): orders updates
     * @param record the features to change
     * @return what happened ({@link UpsertOutcome#UNCHANGED} if the stored values already were
     *         these, with this event time; {@link UpsertOutcome#IGNORED_OLDER} if the stored
     *         record is newer)
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public UpsertOutcome merge(long entityId, long eventTimeMillis, FeatureRecord record) {
        synchronized (generations) {
            checkUpsert(record, KeyType.LONG);
            return upserts.merge(entityId, eventTimeMillis, record);
        }
    }

    /**
     * Changes only the features set in {@code record}; like {@link #merge(long, long, FeatureRecord)}
     * for a string-keyed group.
     *
     * @param entityId the entity id (at most the group's {@code maxKeyBytes} in UTF-8)
     * @param eventTimeMillis when the changed features were computed (epoch ms): orders updates
     * @param record the features to change
     * @return what happened
     * @throws IllegalArgumentException if the id is empty or too long
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public UpsertOutcome merge(CharSequence entityId, long eventTimeMillis, FeatureRecord record) {
        synchronized (generations) {
            checkUpsert(record, KeyType.STRING);
            return upserts.merge(entityId, eventTimeMillis, record);
        }
    }

    private void checkUpsert(FeatureRecord record, KeyType keyType) {
        checkOpen();
        if (group.keyType() != keyType) {
            throw KeyTypeMismatchException.of(group, keyType == KeyType.LONG ? "a long id" : "a string id");
        }
        if (record.group() != group && !record.group().equals(group)) {
            throw new IllegalArgumentException("the record belongs to group '" + record.group().name() + "'");
        }
    }

    private void checkOpen() {
        if (generations.isClosed()) {
            throw new FeatureStoreException("the writer is closed");
        }
    }

    /** Folds the upsert journal into a new snapshot generation: what an upsert does when it is full. */
    private void checkpoint() {
        synchronized (generations) {
            checkOpen();
            try {
                recovery.checkpoint();
            } catch (IOException e) {
                throw new FeatureStoreException("checkpoint of group '" + group.name() + "' failed: " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * Loads a CSV file into a new snapshot and switches readers to it when it is complete; like
     * {@link #load(Path, LoadOptions, LoadListener)} with {@link LoadOptions#defaults()} (columns
     * the group does not have are ignored and listed in the result).
     *
     * @param csv the file
     * @param listener told the progress every 50,000 rows
     * @return what the load did
     * @throws CsvLoadException for a wrong column or value, with its line; the live snapshot is untouched
     * @throws StoreFullException if the file holds more entities than the snapshot can take
     */
    public LoadResult load(Path csv, LoadListener listener) {
        return load(csv, LoadOptions.defaults(), listener);
    }

    /**
     * Loads a CSV file into a new snapshot and switches readers to it when it is complete. The
     * header names the columns: the group's id column, optionally its event-time column (epoch
     * milliseconds or an ISO-8601 instant; without it every row gets the load's start time), and
     * one column per feature, in any order. Other columns are ignored and named in
     * {@link LoadResult#ignoredColumns()}, unless {@link LoadOptions#strictColumns()} makes them an
     * error. Cells follow {@link dev.verdict.core.csv.CsvCells}: empty, {@code NA}, {@code N/A},
     * {@code NaN} and {@code null} are absent values; booleans are {@code true}/{@code false}
     * (any case) or {@code 1}/{@code 0}. Rows of the same entity are event-time ordered like upserts.
     * Upserts may go on during the load; one at a time loads.
     *
     * @param csv the file
     * @param options how strictly the header is checked
     * @param listener told the progress every 50,000 rows
     * @return what the load did
     * @throws CsvLoadException for a wrong column or value, with its line; the live snapshot is untouched
     * @throws StoreFullException if the file holds more entities than the snapshot can take
     */
    public LoadResult load(Path csv, LoadOptions options, LoadListener listener) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        return loads.load(csv, options, listener);
    }

    /** {@return the group's numbers, as the writer sees them} */
    public GroupStats stats() {
        synchronized (generations) {
            return GroupView.stats(control, group, generations.live());
        }
    }

    /** Closes the live snapshot and journal, marks the group cleanly closed and releases the lock. */
    @Override
    public void close() {
        synchronized (generations) {
            if (generations.isClosed()) {
                return;
            }
            try {
                generations.close();
                control.set(ControlFile.WRITER_STATE, 0);
                control.force();
            } finally {
                release(control, lock);
            }
        }
    }
}
