package dev.verdict.cache;

import dev.verdict.core.csv.CsvFormatException;
import dev.verdict.core.csv.CsvReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * Loads a CSV file into a new snapshot generation beside the live one, then, holding the
 * {@link Generations} monitor, replays the journals of upserts made meanwhile onto it (event-time
 * order decides between them and the file's rows) and publishes it. A second thread parses rows
 * ({@link CsvRowParser}) while the calling thread writes them: each takes about half a row's time.
 * A failed load deletes its file; the live snapshot is never touched.
 */
final class BulkLoad {
    private static final int PROGRESS_EVERY = 50_000;
    private static final int BATCH_ROWS = 2_048;
    private static final int BATCHES = 4;

    private final Generations generations;
    private final OrderedWrites writes;
    /** One load at a time: the generation numbers and the load-state word belong to it. */
    private final Object oneAtATime = new Object();

    BulkLoad(Generations generations, OrderedWrites writes) {
        this.generations = generations;
        this.writes = writes;
    }

    LoadResult load(Path csv, LoadOptions options, LoadListener listener) {
        FeatureGroup group = generations.group;
        ControlFile control = generations.control;
        synchronized (oneAtATime) {
            long started = System.nanoTime();
            long generation;
            synchronized (generations) {
                if (generations.isClosed()) {
                    throw new FeatureStoreException("the writer is closed");
                }
                generation = generations.reserve();
                generations.beginLoad(generation);
            }
            Snapshot building = null;
            try {
                long expected = estimateRows(csv);
                control.set(ControlFile.LOAD_TOTAL, expected);
                control.set(ControlFile.LOAD_DONE, 0);
                control.set(ControlFile.LOAD_STATE, 1);
                building = Snapshot.create(generations.dir, group, generation,
                        Math.max(group.capacity(), expected + expected / 4));
                long[] counts;
                List<String> ignoredColumns;
                try (CsvReader rows = CsvReader.open(csv)) {
                    CsvRowParser parser = new CsvRowParser(rows, group, options);
                    ignoredColumns = List.copyOf(parser.ignoredColumns());
                    counts = loadRows(parser, building.map, expected, listener);
                } catch (CsvFormatException e) {
                    throw new CsvLoadException(e.getMessage(), e.line());
                }
                synchronized (generations) {
                    if (generations.isClosed()) {
                        throw new FeatureStoreException("the writer was closed during the load; nothing was published");
                    }
                    // Upserts made while the file loaded (some perhaps already folded into a
                    // checkpoint): event-time order decides against its rows.
                    for (long folded : generations.foldedDuringLoad()) {
                        try (Journal j = generations.openJournal(folded)) {
                            writes.replay(j, building.map, true);
                        }
                    }
                    writes.replay(generations.journal(), building.map, true);
                    generations.endLoad();
                    generations.publish(building, generations.openJournal(generation));
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
                synchronized (generations) {
                    if (building != null && !generations.isClosed()) {
                        control.set(ControlFile.LOAD_STATE, 2);
                    }
                    generations.endLoad();
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
        final MemorySegment records;
        final PointerBytesStore view = new PointerBytesStore();
        final byte[] keys;
        final int[] keyLengths;
        int count;
        RuntimeException failure;
        boolean end;

        Batch(int capacity, int recordBytes, int maxKeyBytes) {
            records = Arena.ofAuto().allocate((long) capacity * recordBytes, 8);
            keys = new byte[capacity * maxKeyBytes];
            keyLengths = new int[capacity];
        }
    }

    /**
     * Parses rows on a second thread while this one writes them into the map.
     *
     * @return {rows, ignored as older}
     */
    private long[] loadRows(CsvRowParser parser, ChronicleMap<byte[], byte[]> map, long expected,
            LoadListener listener) {
        FeatureGroup group = generations.group;
        BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
        BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES);
        int recordBytes = group.recordBytes();
        int maxKey = group.maxKeyBytes();
        for (int i = 0; i < BATCHES; i++) {
            empty.add(new Batch(BATCH_ROWS, recordBytes, maxKey));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = Thread.ofPlatform().name("verdict-csv-parser").daemon()
                .start(() -> parse(parser, full, empty, stop));
        long count = 0;
        long ignored = 0;
        // Its own key buffer: upserts on other threads keep using the writer's while this runs.
        KeyBuffer loadKey = new KeyBuffer(maxKey);
        try {
            while (true) {
                Batch batch = full.take();
                long base = batch.records.address();
                for (int i = 0; i < batch.count; i++) {
                    int keyLength = loadKey.setBytes(batch.keys, i * maxKey, batch.keyLengths[i]);
                    long address = base + (long) i * recordBytes;
                    batch.view.set(address, recordBytes);
                    UpsertOutcome outcome = writes.apply(map, loadKey.store, keyLength, batch.view, address);
                    if (outcome == UpsertOutcome.IGNORED_OLDER) {
                        ignored++;
                    }
                    if (++count % PROGRESS_EVERY == 0) {
                        generations.control.set(ControlFile.LOAD_DONE, count);
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

    /** The parsing thread: fills batches until the file ends or the load stops. */
    private void parse(CsvRowParser parser, BlockingQueue<Batch> full, BlockingQueue<Batch> empty,
            AtomicBoolean stop) {
        FeatureGroup group = generations.group;
        long loadTime = System.currentTimeMillis();
        FeatureRecord record = new FeatureRecord(group);
        int recordBytes = group.recordBytes();
        int maxKey = group.maxKeyBytes();
        Batch batch = null;
        try {
            batch = empty.take();
            while (!stop.get()) {
                int n = batch.count;
                int keyLength = parser.next(record, batch.keys, n * maxKey, loadTime);
                if (keyLength < 0) {
                    batch.end = true;
                    full.put(batch);
                    return;
                }
                batch.keyLengths[n] = keyLength;
                MemorySegment.copy(RecordLayout.MEMORY, record.address(), batch.records, (long) n * recordBytes,
                        recordBytes);
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

    private static void hand(BlockingQueue<Batch> full, Batch batch, RuntimeException failure) {
        if (batch == null) {
            return;
        }
        batch.failure = failure;
        full.offer(batch);
    }
}
