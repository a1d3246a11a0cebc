package dev.verdict.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.verdict.core.csv.CsvFormatException;
import dev.verdict.core.csv.CsvReader;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.ExternalMapQueryContext;

/**
 * The one writer of a feature group: creates the group, bulk-loads CSV files into new snapshots,
 * and applies streaming upserts. Holds the group's writer lock (a file lock, released by the OS
 * if the process dies) for as long as it is open.
 *
 * {@snippet :
 * try (FeatureWriter writer = FeatureWriter.open(storeDir, applicantGroup)) {
 *     writer.load(Path.of("applicants-2026-12-03.csv"), (done, total) -> log(done, total));
 *     FeatureRecord record = writer.newRecord();
 *     record.clear().set("bureau_score", 712);
 *     writer.upsert(applicantId, eventTimeMillis, record);   // acknowledged when it returns
 * }
 * }
 *
 * <ul>
 * <li><b>Bulk load</b> builds a new snapshot file beside the live one; readers switch to it
 * atomically when it is complete. Upserts that arrive during the load are applied to the new
 * snapshot too before the switch. A failed or killed load leaves the live snapshot untouched.
 * <li><b>Upserts</b> are event-time ordered: an older event never overwrites a newer record, and
 * replaying an event changes nothing. Each is journaled before the snapshot is changed.
 * <li><b>Crash safety</b>: if the previous writer died (SIGKILL, power cut of the process), the
 * next {@code open} recovers automatically and exclusively: it copies the live snapshot, repairs
 * the copy with Chronicle Map's recovery, drops records that fail their checksum, replays the
 * journal, and publishes the result as a new generation. Readers keep reading the old snapshot
 * meanwhile (waiting only on a record the dead writer held locked) and then switch. Acknowledged
 * upserts survive the death of the process; surviving a power loss would need the journal
 * forced to disk on every upsert, which this version does not do.
 * </ul>
 */
public final class FeatureWriter implements AutoCloseable {
    /** The default size of an upsert journal; when it fills, the writer checkpoints. */
    public static final long DEFAULT_JOURNAL_BYTES = 256L << 20;
    private static final Pattern GENERATION_FILE = Pattern.compile("(data|journal)-(\\d+)\\.(cm|log)");
    private static final int PROGRESS_EVERY = 50_000;

    private final Path dir;
    private final FeatureGroup group;
    private final long journalBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ControlFile control;
    private final KeyBuffer key;
    /** Replay's own key buffer: a checkpoint replays in the middle of an upsert that holds {@link #key}. */
    private final KeyBuffer replayKey;
    private final FeatureRecord scratch;
    private final Object loadLock = new Object();
    private Snapshot live;
    private Journal journal;
    private long previousGeneration = -1;
    private long loadingGeneration = -1;
    /** Generations whose journals a checkpoint folded away while a load ran: the load replays them too. */
    private final java.util.List<Long> journalsDuringLoad = new java.util.ArrayList<>();
    private long highestGeneration;
    private RecoveryReport recovery;
    private boolean closed;

    private FeatureWriter(Path dir, FeatureGroup group, long journalBytes, FileChannel lockChannel, FileLock lock,
            ControlFile control) {
        this.dir = dir;
        this.group = group;
        this.journalBytes = journalBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.control = control;
        this.key = new KeyBuffer(group.maxKeyBytes());
        this.replayKey = new KeyBuffer(group.maxKeyBytes());
        this.scratch = new FeatureRecord(group);
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
     * Like {@link #open(Path, FeatureGroup)} with a journal size.
     *
     * @param storeDir the store directory
     * @param group the group's definition
     * @param journalBytes bytes per upsert journal (a sparse file); a full journal triggers a checkpoint
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
        FileChannel channel = null;
        FileLock lock = null;
        ControlFile control = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("writer.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreLockedException("feature group '" + group.name() + "' at " + dir
                        + " is open for writing by another writer");
            }
            boolean fresh = !Files.exists(dir.resolve(ControlFile.NAME));
            if (fresh) {
                deleteGenerations(dir, -1, -1);
                try (Snapshot first = Snapshot.create(dir, group, 1, group.capacity());
                        Journal j = Journal.open(Snapshot.journalFile(dir, 1), journalBytes, group.recordBytes())) {
                    j.force();
                }
                ControlFile.create(dir, group, 1);
            }
            control = ControlFile.open(dir, true);
            FeatureStore.requireSameLayout(group, control.group(), dir);
            FeatureWriter writer = new FeatureWriter(dir, group, journalBytes, channel, lock, control);
            writer.start();
            return writer;
        } catch (IOException e) {
            close(control, lock, channel);
            throw new FeatureStoreException("cannot open feature group '" + group.name() + "' at " + dir + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(control, lock, channel);
            throw e;
        }
    }

    private static void close(ControlFile control, FileLock lock, FileChannel channel) {
        try {
            if (control != null) {
                control.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already failing; the original error is what matters
        }
    }

    private void start() throws IOException {
        long generation = control.get(ControlFile.GENERATION);
        highestGeneration = Math.max(generation, highestExisting(dir));
        if (control.get(ControlFile.WRITER_STATE) != 0) {
            recovery = rebuild(generation, true);
        } else {
            deleteGenerations(dir, generation, -1);
            live = Snapshot.open(dir, group, generation);
            journal = Journal.open(Snapshot.journalFile(dir, generation), journalBytes, group.recordBytes());
        }
        control.set(ControlFile.WRITER_PID, ProcessHandle.current().pid());
        control.set(ControlFile.WRITER_STATE, 1);
        control.force();
    }

    /**
     * Copies generation {@code from} into a new generation, repairs it, replays {@code from}'s
     * journal onto it and publishes it: recovery after a crash, and a checkpoint when a journal
     * fills.
     */
    private RecoveryReport rebuild(long from, boolean afterCrash) throws IOException {
        boolean interrupted = afterCrash && control.get(ControlFile.LOAD_STATE) == 1;
        if (afterCrash) {
            // Whatever the dead writer was building (a load, a recovery) was never published.
            deleteGenerations(dir, from, -1);
            highestGeneration = Math.max(from, highestExisting(dir));
            if (interrupted) {
                control.set(ControlFile.LOAD_STATE, 2);
            }
        }
        Path source = Snapshot.dataFile(dir, from);
        if (!Files.isRegularFile(source)) {
            throw new CorruptStoreException("snapshot " + source + " of the live generation is missing");
        }
        long to = ++highestGeneration;
        Path target = Snapshot.dataFile(dir, to);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        ChronicleMap<byte[], byte[]> map;
        try {
            // The copy is ours alone, so Chronicle's exclusive recovery is safe on it while
            // readers keep the original open.
            map = Snapshot.builder(group, group.capacity()).recoverPersistedTo(target.toFile(), true, c -> { });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw new CorruptStoreException("cannot recover snapshot " + source + ": " + e.getMessage(), e);
        }
        Snapshot next = new Snapshot(to, target, map);
        long torn = dropTornRecords(map);
        long replayed = 0;
        Path journalPath = Snapshot.journalFile(dir, from);
        if (Files.exists(journalPath)) {
            try (Journal old = (journal != null && journal.file().equals(journalPath)) ? null
                    : Journal.open(journalPath, journalBytes, group.recordBytes())) {
                Journal source2 = old != null ? old : journal;
                replayed = source2.entries();
                replay(source2, map);
            }
        }
        if (loadingGeneration >= 0) {
            journalsDuringLoad.add(from);
        }
        publish(next, Journal.open(Snapshot.journalFile(dir, to), journalBytes, group.recordBytes()));
        if (afterCrash) {
            control.set(ControlFile.RECOVERIES, control.get(ControlFile.RECOVERIES) + 1);
        }
        return new RecoveryReport(from, to, map.longSize(), torn, replayed, interrupted);
    }

    private long dropTornRecords(ChronicleMap<byte[], byte[]> map) {
        long[] torn = new long[1];
        int features = group.size();
        for (int segment = 0; segment < map.segments(); segment++) {
            try (var ctx = map.segmentContext(segment)) {
                ctx.forEachSegmentEntry(e -> {
                    Data<byte[]> v = e.value();
                    if (v.size() != group.recordBytes()
                            || !RecordLayout.checksumMatches(v.bytes().addressForRead(v.offset()), features)) {
                        e.doRemove();
                        torn[0]++;
                    }
                });
            }
        }
        return torn[0];
    }

    private void replay(Journal from, ChronicleMap<byte[], byte[]> map) {
        long bad = from.replay((keyAddress, keyLength, recordAddress) -> {
            java.lang.foreign.MemorySegment.copy(RecordLayout.MEMORY, keyAddress, RecordLayout.MEMORY,
                    replayKey.address, keyLength);
            scratch.copyFrom(recordAddress);
            try {
                apply(map, replayKey.store, keyLength, scratch);
            } catch (StoreFullException e) {
                // The same upsert failed when it was made; it was never acknowledged.
            }
        }, group.size());
        if (bad > 0) {
            throw new CorruptStoreException("journal " + from.file() + " holds " + bad + " damaged committed entries");
        }
    }

    /** Makes {@code next} live: one volatile store of the generation word switches every reader. */
    private void publish(Snapshot next, Journal nextJournal) throws IOException {
        Snapshot old = live;
        Journal oldJournal = journal;
        live = next;
        journal = nextJournal;
        nextJournal.force();
        control.set(ControlFile.GENERATION, next.generation);
        control.set(ControlFile.LAST_UPDATE, System.currentTimeMillis());
        control.force();
        if (old != null) {
            old.close();
            previousGeneration = old.generation;
        }
        if (oldJournal != null) {
            oldJournal.close();
        }
        // A reader that read the old generation number just before the switch may still be
        // opening its file: keep the previous generation until the next switch.
        java.util.Set<Long> keep = new java.util.HashSet<>(journalsDuringLoad);
        keep.add(previousGeneration);
        keep.add(loadingGeneration);
        deleteGenerations(dir, next.generation, keep);
    }

    private static long highestExisting(Path dir) throws IOException {
        long max = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = GENERATION_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Long.parseLong(m.group(2)));
                }
            }
        }
        return max;
    }

    /** Deletes data and journal files of every generation but {@code keep} and {@code alsoKeep}. */
    private static void deleteGenerations(Path dir, long keep, long alsoKeep) throws IOException {
        deleteGenerations(dir, keep, java.util.Set.of(alsoKeep));
    }

    private static void deleteGenerations(Path dir, long keep, java.util.Set<Long> alsoKeep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = GENERATION_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long g = Long.parseLong(m.group(2));
                    if (g != keep && !alsoKeep.contains(g)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** @return the group this writer writes */
    public FeatureGroup group() {
        return group;
    }

    /** @return what recovery did when this writer opened, or null if no recovery was needed */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** @return a new reusable record for this group's upserts */
    public FeatureRecord newRecord() {
        return new FeatureRecord(group);
    }

    /**
     * Writes one entity's record, if it is not older than the one stored.
     *
     * @param entityId the entity id
     * @param eventTimeMillis when the features were computed (epoch ms): orders updates
     * @param record the values; the record is stamped with the event time and a checksum
     * @return what happened
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public synchronized UpsertOutcome upsert(long entityId, long eventTimeMillis, FeatureRecord record) {
        checkUpsert(record, KeyType.LONG);
        return write(key.setLong(entityId), eventTimeMillis, record);
    }

    /**
     * Writes one entity's record, if it is not older than the one stored.
     *
     * @param entityId the entity id (at most the group's {@code maxKeyBytes} in UTF-8)
     * @param eventTimeMillis when the features were computed (epoch ms): orders updates
     * @param record the values; the record is stamped with the event time and a checksum
     * @return what happened
     * @throws IllegalArgumentException if the id is empty or too long
     * @throws StoreFullException if the entity is new and the snapshot has no room
     */
    public synchronized UpsertOutcome upsert(CharSequence entityId, long eventTimeMillis, FeatureRecord record) {
        checkUpsert(record, KeyType.STRING);
        int length = key.setString(entityId);
        if (length < 0) {
            throw new IllegalArgumentException("entity id must be 1 to " + group.maxKeyBytes()
                    + " UTF-8 bytes: '" + entityId + "'");
        }
        return write(length, eventTimeMillis, record);
    }

    private void checkUpsert(FeatureRecord record, KeyType keyType) {
        if (closed) {
            throw new FeatureStoreException("the writer is closed");
        }
        if (group.keyType() != keyType) {
            throw KeyTypeMismatchException.of(group, keyType == KeyType.LONG ? "a long id" : "a string id");
        }
        if (record.group() != group && !record.group().equals(group)) {
            throw new IllegalArgumentException("the record belongs to group '" + record.group().name() + "'");
        }
    }

    private UpsertOutcome write(int keyLength, long eventTimeMillis, FeatureRecord record) {
        record.seal(eventTimeMillis);
        if (!journal.append(key.address, keyLength, record.address())) {
            checkpoint();
            if (!journal.append(key.address, keyLength, record.address())) {
                throw new FeatureStoreException("the upsert journal cannot hold even one record");
            }
        }
        UpsertOutcome outcome = apply(live.map, key.store, keyLength, record);
        control.set(ControlFile.LAST_UPDATE, System.currentTimeMillis());
        return outcome;
    }

    private UpsertOutcome apply(ChronicleMap<byte[], byte[]> map, PointerBytesStore keyStore, int keyLength,
            FeatureRecord record) {
        return apply(map, keyStore, keyLength, record.store, record.address());
    }

    /** Writes the sealed record at {@code address} (viewed by {@code recordStore}) unless the stored one is newer. */
    private UpsertOutcome apply(ChronicleMap<byte[], byte[]> map, PointerBytesStore keyStore, int keyLength,
            PointerBytesStore recordStore, long address) {
        int bytes = group.recordBytes();
        long eventTime = RecordLayout.MEMORY.get(RecordLayout.LONG, address);
        try (ExternalMapQueryContext<byte[], byte[], ?> ctx = map.queryContext(keyStore, 0, keyLength)) {
            ctx.updateLock().lock();
            MapEntry<byte[], byte[]> entry = ctx.entry();
            Data<byte[]> data = ctx.wrapValueBytesAsData(recordStore, 0, bytes);
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
            if (java.lang.foreign.MemorySegment.mismatch(RecordLayout.MEMORY, oldAddress, oldAddress + bytes,
                    RecordLayout.MEMORY, address, address + bytes) < 0) {
                return UpsertOutcome.UNCHANGED;
            }
            ctx.replaceValue(entry, data);
            return UpsertOutcome.UPDATED;
        }
    }

    /**
     * Folds the upsert journal into a new snapshot generation (done by itself when a journal
     * fills).
     */
    public synchronized void checkpoint() {
        if (closed) {
            throw new FeatureStoreException("the writer is closed");
        }
        try {
            rebuild(live.generation, false);
        } catch (IOException e) {
            throw new FeatureStoreException("checkpoint of group '" + group.name() + "' failed: " + e.getMessage(), e);
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
     *
     * @param csv the file
     * @param options how strictly the header is checked
     * @param listener told the progress every 50,000 rows
     * @return what the load did
     * @throws CsvLoadException for a wrong column or value, with its line; the live snapshot is untouched
     * @throws StoreFullException if the file holds more entities than the snapshot can take
     */
    public LoadResult load(Path csv, LoadOptions options, LoadListener listener) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        synchronized (loadLock) {
            long started = System.nanoTime();
            long generation;
            synchronized (this) {
                if (closed) {
                    throw new FeatureStoreException("the writer is closed");
                }
                generation = ++highestGeneration;
                loadingGeneration = generation;
            }
            Snapshot building = null;
            try {
                long expected = estimateRows(csv);
                control.set(ControlFile.LOAD_TOTAL, expected);
                control.set(ControlFile.LOAD_DONE, 0);
                control.set(ControlFile.LOAD_STATE, 1);
                building = Snapshot.create(dir, group, generation, Math.max(group.capacity(), expected + expected / 4));
                long[] counts;
                java.util.List<String> ignoredColumns;
                try (CsvReader rows = CsvReader.open(csv)) {
                    RowParser parser = new RowParser(rows, options);
                    ignoredColumns = java.util.List.copyOf(parser.ignoredColumns);
                    counts = loadRows(parser, building.map, expected, listener);
                } catch (CsvFormatException e) {
                    throw new CsvLoadException(e.getMessage(), e.line());
                }
                synchronized (this) {
                    if (closed) {
                        throw new FeatureStoreException("the writer was closed during the load; nothing was published");
                    }
                    // Upserts made while the file loaded (some perhaps already folded into a
                    // checkpoint): event-time order decides against its rows.
                    for (long folded : journalsDuringLoad) {
                        try (Journal j = Journal.open(Snapshot.journalFile(dir, folded), journalBytes,
                                group.recordBytes())) {
                            replay(j, building.map);
                        }
                    }
                    journalsDuringLoad.clear();
                    replay(journal, building.map);
                    loadingGeneration = -1;
                    publish(building, Journal.open(Snapshot.journalFile(dir, generation), journalBytes,
                            group.recordBytes()));
                }
                Snapshot published = building;
                building = null;
                control.set(ControlFile.LOAD_DONE, counts[0]);
                control.set(ControlFile.LOAD_TOTAL, counts[0]);
                control.set(ControlFile.LOAD_STATE, 0);
                listener.progress(counts[0], counts[0]);
                return new LoadResult(counts[0], published.map.longSize(), counts[1], generation, published.file,
                        System.nanoTime() - started, ignoredColumns);
            } catch (IOException e) {
                throw new FeatureStoreException("cannot load " + csv + ": " + e.getMessage(), e);
            } finally {
                if (building != null) {
                    building.close();
                    try {
                        Files.deleteIfExists(building.file);
                    } catch (IOException ignored) {
                        // an orphan file is deleted by the next writer
                    }
                }
                synchronized (this) {
                    if (building != null && !closed) {
                        control.set(ControlFile.LOAD_STATE, 2);
                    }
                    loadingGeneration = -1;
                    journalsDuringLoad.clear();
                }
            }
        }
    }

    /**
     * Estimates the rows of a CSV file from its size and its first lines' average length: enough
     * to size the snapshot (Chronicle Map grows beyond it if needed) and to report progress,
     * without reading the whole file twice.
     */
    private static long estimateRows(Path csv) throws IOException {
        long size = Files.size(csv);
        try (FileChannel ch = FileChannel.open(csv, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, 1 << 18));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // fill the sample
            }
            int lines = 0;
            int lastEnd = 0;
            for (int i = 0; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    lines++;
                    lastEnd = i + 1;
                }
            }
            if (buf.position() == size) {
                return Math.max(0, lines + (lastEnd < size ? 1 : 0) - 1);
            }
            return lines <= 1 ? 1 : Math.max(1, (long) (size / ((double) lastEnd / lines)) - 1);
        }
    }

    /** Rows parsed by the parsing thread, handed to the writing thread. */
    private static final class Batch {
        final java.lang.foreign.MemorySegment records;
        final PointerBytesStore view = new PointerBytesStore();
        final byte[] keys;
        final int[] keyLengths;
        int count;
        long lastLine;
        RuntimeException failure;
        boolean end;

        Batch(int capacity, int recordBytes, int maxKeyBytes) {
            records = java.lang.foreign.Arena.ofAuto().allocate((long) capacity * recordBytes, 8);
            keys = new byte[capacity * maxKeyBytes];
            keyLengths = new int[capacity];
        }
    }

    private static final int BATCH_ROWS = 2_048;

    /**
     * Reads the header here, then parses rows on a second thread while this one writes them into
     * the map: parsing and writing each take about half of a row's time.
     *
     * @return {rows, ignored as older}
     */
    private long[] loadRows(RowParser parser, ChronicleMap<byte[], byte[]> map, long expected, LoadListener listener) {
        java.util.concurrent.BlockingQueue<Batch> full = new java.util.concurrent.ArrayBlockingQueue<>(4);
        java.util.concurrent.BlockingQueue<Batch> empty = new java.util.concurrent.ArrayBlockingQueue<>(4);
        int recordBytes = group.recordBytes();
        for (int i = 0; i < 4; i++) {
            empty.add(new Batch(BATCH_ROWS, recordBytes, group.maxKeyBytes()));
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread thread = Thread.ofPlatform().name("verdict-csv-parser").daemon().start(() -> parser.run(full, empty, stop));
        long count = 0;
        long ignored = 0;
        // Its own key buffer: upserts on other threads keep using the writer's while this runs.
        KeyBuffer loadKey = new KeyBuffer(group.maxKeyBytes());
        try {
            while (true) {
                Batch batch = full.take();
                long base = batch.records.address();
                for (int i = 0; i < batch.count; i++) {
                    int keyLength = loadKey.setBytes(batch.keys, i * group.maxKeyBytes(), batch.keyLengths[i]);
                    long address = base + (long) i * recordBytes;
                    batch.view.set(address, recordBytes);
                    if (apply(map, loadKey.store, keyLength, batch.view, address) == UpsertOutcome.IGNORED_OLDER) {
                        ignored++;
                    }
                    if (++count % PROGRESS_EVERY == 0) {
                        control.set(ControlFile.LOAD_DONE, count);
                        listener.progress(count, expected);
                    }
                }
                if (batch.failure != null) {
                    throw batch.failure;
                }
                if (batch.end) {
                    return new long[] {count, ignored};
                }
                batch.count = 0;
                empty.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeatureStoreException("the load was interrupted", e);
        } finally {
            stop.set(true);
            thread.interrupt();
        }
    }

    /** Parses CSV rows into sealed records, on the parsing thread. */
    private final class RowParser {
        private final CsvReader rows;
        private final int columns;
        private final int idColumn;
        private final int timeColumn;
        private final int[] featureOf;
        private final ValueType[] types;

        /** Header columns the group does not have, ignored (in header order). */
        final java.util.List<String> ignoredColumns = new java.util.ArrayList<>();

        RowParser(CsvReader rows, LoadOptions options) throws IOException {
            this.rows = rows;
            if (!rows.next()) {
                throw new CsvLoadException(rows.source() + ": the file is empty (a header line is required)", 0);
            }
            columns = rows.fields();
            int id = -1;
            int time = -1;
            featureOf = new int[columns];
            Arrays.fill(featureOf, -1);
            boolean[] seen = new boolean[group.size()];
            Map<String, Integer> names = new HashMap<>();
            for (int c = 0; c < columns; c++) {
                String name = rows.text(c).trim();
                boolean used = name.equals(group.idColumn()) || name.equals(group.eventTimeColumn())
                        || group.find(name) >= 0;
                if (!used) {
                    if (options.strictColumns()) {
                        throw loadError(rows, "unknown column '" + name + "': group '" + group.name()
                                + "' has no such feature (a strict load rejects columns the group does not have)", c);
                    }
                    ignoredColumns.add(name);
                    continue;
                }
                if (names.put(name, c) != null) {
                    throw loadError(rows, "column '" + name + "' appears twice in the header", c);
                }
                if (name.equals(group.idColumn())) {
                    id = c;
                } else if (name.equals(group.eventTimeColumn())) {
                    time = c;
                } else {
                    int f = group.find(name);
                    featureOf[c] = f;
                    seen[f] = true;
                }
            }
            if (id < 0) {
                String hint = "";
                for (int c = 0; c < columns; c++) {
                    if (rows.text(c).trim().equalsIgnoreCase(group.idColumn())) {
                        hint = "; the file has '" + rows.text(c).trim() + "': name it in the group definition"
                                + " (\"idColumn\": \"" + rows.text(c).trim() + "\")";
                    }
                }
                throw loadError(rows, "no '" + group.idColumn() + "' column (the group's id column)" + hint, -1);
            }
            StringBuilder missing = new StringBuilder();
            for (int f = 0; f < seen.length; f++) {
                if (!seen[f]) {
                    missing.append(missing.isEmpty() ? "" : ", ").append(group.features().get(f).name());
                }
            }
            if (!missing.isEmpty()) {
                throw loadError(rows, "missing feature columns: " + missing, -1);
            }
            idColumn = id;
            timeColumn = time;
            types = new ValueType[columns];
            for (int c = 0; c < columns; c++) {
                types[c] = featureOf[c] >= 0 ? group.features().get(featureOf[c]).type() : null;
            }
        }

        void run(java.util.concurrent.BlockingQueue<Batch> full, java.util.concurrent.BlockingQueue<Batch> empty,
                java.util.concurrent.atomic.AtomicBoolean stop) {
            long loadTime = System.currentTimeMillis();
            FeatureRecord record = new FeatureRecord(group);
            int recordBytes = group.recordBytes();
            int maxKey = group.maxKeyBytes();
            boolean longKeys = group.keyType() == KeyType.LONG;
            Batch batch = null;
            try {
                batch = empty.take();
                while (!stop.get()) {
                    if (!rows.next()) {
                        batch.end = true;
                        full.put(batch);
                        return;
                    }
                    if (rows.fields() != columns) {
                        throw loadError(rows, "has " + rows.fields() + " fields; the header has " + columns, -1);
                    }
                    byte[] line = rows.bytes();
                    record.clear();
                    for (int c = 0; c < columns; c++) {
                        int f = featureOf[c];
                        if (f < 0 || rows.isMissing(c)) {
                            continue;
                        }
                        record.set(f, parseValue(rows, c, types[c], line));
                    }
                    int n = batch.count;
                    int keyAt = n * maxKey;
                    if (longKeys) {
                        long id;
                        try {
                            id = Numbers.parseLong(line, rows.start(idColumn), rows.end(idColumn));
                        } catch (NumberFormatException e) {
                            throw loadError(rows, "id '" + rows.text(idColumn) + "' is not a 64-bit integer", idColumn);
                        }
                        for (int b = 0; b < 8; b++) {
                            batch.keys[keyAt + b] = (byte) (id >>> (8 * b));
                        }
                        batch.keyLengths[n] = 8;
                    } else {
                        int length = rows.end(idColumn) - rows.start(idColumn);
                        if (length <= 0 || length > maxKey) {
                            throw loadError(rows, "id '" + rows.text(idColumn) + "' must be 1 to " + maxKey + " bytes",
                                    idColumn);
                        }
                        System.arraycopy(line, rows.start(idColumn), batch.keys, keyAt, length);
                        batch.keyLengths[n] = length;
                    }
                    record.seal(timeColumn < 0 ? loadTime : parseTime(rows, timeColumn, line));
                    java.lang.foreign.MemorySegment.copy(RecordLayout.MEMORY, record.address(), batch.records,
                            (long) n * recordBytes, recordBytes);
                    batch.count = n + 1;
                    if (batch.count == BATCH_ROWS) {
                        full.put(batch);
                        batch = empty.take();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                hand(full, batch, new FeatureStoreException("cannot read " + e.getMessage(), e));
            } catch (RuntimeException e) {
                hand(full, batch, e);
            }
        }

        private void hand(java.util.concurrent.BlockingQueue<Batch> full, Batch batch, RuntimeException failure) {
            if (batch == null) {
                return;
            }
            batch.failure = failure;
            full.offer(batch);
        }
    }

    private static double parseValue(CsvReader rows, int c, ValueType type, byte[] line) {
        int s = rows.start(c);
        int e = rows.end(c);
        try {
            switch (type) {
                case FLOAT32 -> {
                    float v = Numbers.parseFloat(line, s, e);
                    if (Float.isInfinite(v)) {
                        throw loadError(rows, "'" + rows.text(c) + "' is not a finite float32", c);
                    }
                    return Float.isNaN(v) ? Double.NaN : v;
                }
                case INT32, CATEGORICAL -> {
                    long v = Numbers.parseLong(line, s, e);
                    if (v < (type == ValueType.CATEGORICAL ? 0 : Integer.MIN_VALUE) || v > Integer.MAX_VALUE) {
                        throw loadError(rows, "'" + rows.text(c) + "' is out of range for a "
                                + type.jsonName() + " feature", c);
                    }
                    return v;
                }
                default -> {
                    int word = rows.booleanValue(c);
                    if (word >= 0) {
                        return word;
                    }
                    if (e - s == 1 && (line[s] == '0' || line[s] == '1')) {
                        return line[s] - '0';
                    }
                    throw loadError(rows, "'" + rows.text(c) + "' is not a boolean (true/false/1/0)", c);
                }
            }
        } catch (NumberFormatException ex) {
            throw loadError(rows, "'" + rows.text(c) + "' is not a " + type.jsonName() + " value", c);
        }
    }

    /** A cell or header error of the current record, placed as the reader places it. */
    private static CsvLoadException loadError(CsvReader rows, String message, int field) {
        return new CsvLoadException(rows.where(field) + ": " + message, rows.line());
    }

    private static long parseTime(CsvReader rows, int c, byte[] line) {
        if (rows.isMissing(c)) {
            throw loadError(rows, "the event time is empty", c);
        }
        try {
            return Numbers.parseLong(line, rows.start(c), rows.end(c));
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(rows.text(c).trim()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw loadError(rows, "event time '" + rows.text(c)
                        + "' is neither epoch milliseconds nor an ISO-8601 instant", c);
            }
        }
    }

    /** @return the group's numbers, as the writer sees them */
    public synchronized GroupStats stats() {
        return GroupView.stats(control, group, live);
    }

    /** Closes the live snapshot and journal, marks the group cleanly closed and releases the lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            live.close();
            journal.force();
            journal.close();
            control.set(ControlFile.WRITER_STATE, 0);
            control.force();
        } finally {
            close(control, lock, lockChannel);
        }
    }
}
