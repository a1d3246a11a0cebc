package dev.verdict.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The upsert journal of one generation: every upsert is appended here, and the committed length
 * advanced, before the snapshot is changed. After a writer crash, recovery replays it onto a
 * recovered copy of the snapshot, which restores the record a killed write may have torn.
 * Replaying is safe because writes are event-time ordered: replaying an applied entry changes
 * nothing.
 *
 * <pre>
 * 0   long magic        8  long committed end offset (volatile)
 * 16  long entries      64 entries, each padded to 8 bytes:
 *                          int   key length, bit 31 set for a merge
 *                          key bytes
 *                          record bytes: the whole record as written (a merge's result too)
 *                          a merge only: its feature mask, one bit per feature, as presence words
 * </pre>
 *
 * A merge keeps both the record it wrote and its mask: recovery replays the record (which restores
 * even a record whose earlier version came from a bulk load and was torn), while a load that was
 * running replays the mask's features onto the file's row, as the merge would have done.
 */
final class Journal implements AutoCloseable {
    private static final long MAGIC = 0x314C4E524A434656L; // "VFCJRNL1"
    private static final long COMMITTED = 8;
    private static final long ENTRIES = 16;
    private static final long START = 64;
    private static final int MERGE = 0x8000_0000;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena;
    private final MemorySegment segment;
    private final int features;
    private final int recordBytes;
    private final int maskBytes;
    private final Path file;

    private Journal(Path file, Arena arena, MemorySegment segment, int features) {
        this.file = file;
        this.arena = arena;
        this.segment = segment;
        this.features = features;
        this.recordBytes = RecordLayout.recordBytes(features);
        this.maskBytes = 8 * RecordLayout.presenceWords(features);
    }

    /** Opens, or creates empty, the journal file of {@code capacity} bytes for records of {@code features}. */
    static Journal open(Path file, long capacity, int features) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = Math.max(ch.size(), capacity);
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            long magic = s.get(RecordLayout.LONG, 0);
            if (magic == 0) {
                s.set(RecordLayout.LONG, COMMITTED, START);
                s.set(RecordLayout.LONG, 0, MAGIC);
            } else if (magic != MAGIC) {
                throw new CorruptStoreException(file + " is not a Verdict journal (bad magic)");
            }
            long end = (long) WORD.getVolatile(s, COMMITTED);
            if (end < START || end > size) {
                throw new CorruptStoreException("journal " + file + " is corrupt (committed length " + end + ")");
            }
            Journal j = new Journal(file, arena, s, features);
            arena = null;
            return j;
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    private long entryBytes(int keyLength, boolean merge) {
        return (4L + keyLength + recordBytes + (merge ? maskBytes : 0) + 7) & ~7L;
    }

    /** {@return whether an entry (a merge's, with its mask, when {@code merge}) still fits} */
    boolean hasRoom(int keyLength, boolean merge) {
        return (long) WORD.getVolatile(segment, COMMITTED) + entryBytes(keyLength, merge) <= segment.byteSize();
    }

    /**
     * Appends an entry.
     *
     * @param maskAddress the merge's feature mask, or 0 for an upsert (a whole record)
     * @return false if the journal has no room for the entry
     */
    boolean append(long keyAddress, int keyLength, long recordAddress, long maskAddress) {
        long end = (long) WORD.getVolatile(segment, COMMITTED);
        boolean merge = maskAddress != 0;
        long size = entryBytes(keyLength, merge);
        if (end + size > segment.byteSize()) {
            return false;
        }
        segment.set(RecordLayout.INT, end, merge ? keyLength | MERGE : keyLength);
        MemorySegment.copy(RecordLayout.MEMORY, keyAddress, segment, end + 4, keyLength);
        MemorySegment.copy(RecordLayout.MEMORY, recordAddress, segment, end + 4 + keyLength, recordBytes);
        if (merge) {
            MemorySegment.copy(RecordLayout.MEMORY, maskAddress, segment, end + 4 + keyLength + recordBytes, maskBytes);
        }
        segment.set(RecordLayout.LONG, ENTRIES, segment.get(RecordLayout.LONG, ENTRIES) + 1);
        // The entry is complete before the committed length covers it (release order).
        WORD.setVolatile(segment, COMMITTED, end + size);
        return true;
    }

    long entries() {
        return segment.get(RecordLayout.LONG, ENTRIES);
    }

    Path file() {
        return file;
    }

    /**
     * Receives each committed entry: addresses of the key, the record and (for a merge, else 0)
     * the merge's feature mask, valid during the call.
     */
    interface EntryConsumer {
        void accept(long keyAddress, int keyLength, long recordAddress, long maskAddress);
    }

    /** Replays every committed entry in order; entries whose checksum fails are counted and skipped. */
    long replay(EntryConsumer consumer) {
        long end = (long) WORD.getVolatile(segment, COMMITTED);
        long base = segment.address();
        long at = START;
        long bad = 0;
        while (at < end) {
            int header = segment.get(RecordLayout.INT, at);
            boolean merge = (header & MERGE) != 0;
            int keyLength = header & ~MERGE;
            if (keyLength <= 0 || at + entryBytes(keyLength, merge) > end) {
                throw new CorruptStoreException("journal " + file + " is corrupt at offset " + at);
            }
            long record = base + at + 4 + keyLength;
            if (RecordLayout.checksumMatches(record, features)) {
                consumer.accept(base + at + 4, keyLength, record, merge ? record + recordBytes : 0);
            } else {
                bad++;
            }
            at += entryBytes(keyLength, merge);
        }
        return bad;
    }

    void force() {
        segment.force();
    }

    @Override
    public void close() {
        arena.close();
    }
}
