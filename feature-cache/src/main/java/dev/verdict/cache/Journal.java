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
 * Replaying is safe because upserts are event-time ordered: replaying an applied upsert changes
 * nothing.
 *
 * <pre>
 * 0   long magic        8  long committed end offset (volatile)
 * 16  long entries      64 entries: int key length, key bytes, record bytes, padded to 8
 * </pre>
 */
final class Journal implements AutoCloseable {
    private static final long MAGIC = 0x314C4E524A434656L; // "VFCJRNL1"
    private static final long COMMITTED = 8;
    private static final long ENTRIES = 16;
    private static final long START = 64;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena;
    private final MemorySegment segment;
    private final int recordBytes;
    private final Path file;

    private Journal(Path file, Arena arena, MemorySegment segment, int recordBytes) {
        this.file = file;
        this.arena = arena;
        this.segment = segment;
        this.recordBytes = recordBytes;
    }

    /** Opens, or creates empty, the journal file of {@code capacity} bytes. */
    static Journal open(Path file, long capacity, int recordBytes) throws IOException {
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
            Journal j = new Journal(file, arena, s, recordBytes);
            arena = null;
            return j;
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    private static long entryBytes(int keyLength, int recordBytes) {
        return (4L + keyLength + recordBytes + 7) & ~7L;
    }

    /** @return false if the journal has no room for the entry */
    boolean append(long keyAddress, int keyLength, long recordAddress) {
        long end = (long) WORD.getVolatile(segment, COMMITTED);
        long size = entryBytes(keyLength, recordBytes);
        if (end + size > segment.byteSize()) {
            return false;
        }
        segment.set(RecordLayout.INT, end, keyLength);
        MemorySegment.copy(RecordLayout.MEMORY, keyAddress, segment, end + 4, keyLength);
        MemorySegment.copy(RecordLayout.MEMORY, recordAddress, segment, end + 4 + keyLength, recordBytes);
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

    /** Receives each committed entry: addresses of the key and the record, valid during the call. */
    interface EntryConsumer {
        void accept(long keyAddress, int keyLength, long recordAddress);
    }

    /** Replays every committed entry in order; entries whose checksum fails are counted and skipped. */
    long replay(EntryConsumer consumer, int features) {
        long end = (long) WORD.getVolatile(segment, COMMITTED);
        long base = segment.address();
        long at = START;
        long bad = 0;
        while (at < end) {
            int keyLength = segment.get(RecordLayout.INT, at);
            if (keyLength <= 0 || at + entryBytes(keyLength, recordBytes) > end) {
                throw new CorruptStoreException("journal " + file + " is corrupt at offset " + at);
            }
            long record = base + at + 4 + keyLength;
            if (RecordLayout.checksumMatches(record, features)) {
                consumer.accept(base + at + 4, keyLength, record);
            } else {
                bad++;
            }
            at += entryBytes(keyLength, recordBytes);
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
