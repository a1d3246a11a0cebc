package dev.verdict.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A group's control file, memory-mapped by the writer and every reader: the group definition
 * (the schema is stored with the data), the live snapshot's generation, the writer's state and
 * the numbers operations wants. The generation word is what switches readers to a new snapshot:
 * one volatile store by the writer, one volatile load per read.
 *
 * <pre>
 * 0    int   magic "VFC1"        4   int  format version
 * 8    long  group fingerprint   16  long live generation
 * 24   long  writer state (0 closed cleanly, 1 open or died)
 * 32   long  last update, epoch ms
 * 40   long  load rows done      48  long load rows expected
 * 56   long  load state (0 idle, 1 running, 2 failed)
 * 64   long  writer pid          72  long recoveries
 * 128  int   group JSON length   132 group JSON, UTF-8
 * </pre>
 */
final class ControlFile implements AutoCloseable {
    static final String NAME = "control";
    private static final int MAGIC = 0x31434656; // "VFC1" little-endian
    private static final int VERSION = 1;
    private static final int JSON_AT = 132;
    static final long GENERATION = 16;
    static final long WRITER_STATE = 24;
    static final long LAST_UPDATE = 32;
    static final long LOAD_DONE = 40;
    static final long LOAD_TOTAL = 48;
    static final long LOAD_STATE = 56;
    static final long WRITER_PID = 64;
    static final long RECOVERIES = 72;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN)
            .varHandle();

    private final Arena arena;
    private final MemorySegment segment;
    private final FeatureGroup group;

    private ControlFile(Arena arena, MemorySegment segment, FeatureGroup group) {
        this.arena = arena;
        this.segment = segment;
        this.group = group;
    }

    /** Writes a new control file for {@code group} at generation {@code generation}, atomically. */
    static void create(Path dir, FeatureGroup group, long generation) throws IOException {
        byte[] json = group.toJson().getBytes(StandardCharsets.UTF_8);
        int size = (JSON_AT + json.length + 4095) & ~4095;
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE); Arena a = Arena.ofConfined()) {
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
            s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, MAGIC);
            s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4, VERSION);
            s.set(RecordLayout.LONG, 8, group.fingerprint());
            s.set(RecordLayout.LONG, GENERATION, generation);
            s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 128, json.length);
            MemorySegment.copy(MemorySegment.ofArray(json), 0, s, JSON_AT, json.length);
            s.force();
        }
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Maps an existing control file and checks it.
     *
     * @throws UnknownGroupException if there is no control file
     * @throws CorruptStoreException if it is not a valid control file
     */
    static ControlFile open(Path dir, boolean writable) {
        Path file = dir.resolve(NAME);
        Arena arena = Arena.ofShared();
        try (FileChannel ch = writable
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < JSON_AT) {
                throw new CorruptStoreException("control file " + file + " is truncated (" + size + " bytes)");
            }
            MemorySegment s = ch.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                    0, size, arena);
            var intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            if (s.get(intLayout, 0) != MAGIC) {
                throw new CorruptStoreException(file + " is not a Verdict feature store control file (bad magic)");
            }
            int version = s.get(intLayout, 4);
            if (version != VERSION) {
                throw new CorruptStoreException(file + " has format version " + version
                        + "; this Verdict reads version " + VERSION);
            }
            int length = s.get(intLayout, 128);
            if (length <= 0 || JSON_AT + (long) length > size) {
                throw new CorruptStoreException("control file " + file + " is truncated or corrupt (group definition of "
                        + length + " bytes in a file of " + size + ")");
            }
            byte[] json = s.asSlice(JSON_AT, length).toArray(ValueLayout.JAVA_BYTE);
            long stored = s.get(RecordLayout.LONG, 8);
            if (FeatureGroup.fnv1a(json) != stored) {
                throw new CorruptStoreException("control file " + file + " is corrupt (group definition checksum)");
            }
            FeatureGroup group;
            try {
                group = FeatureGroup.fromJson(new String(json, StandardCharsets.UTF_8));
            } catch (FeatureStoreException e) {
                throw new CorruptStoreException("control file " + file + " holds an unreadable group definition: "
                        + e.getMessage(), e);
            }
            if (group.fingerprint() != stored) {
                throw new CorruptStoreException("control file " + file + " was written by an incompatible version");
            }
            ControlFile control = new ControlFile(arena, s, group);
            arena = null;
            return control;
        } catch (NoSuchFileException e) {
            throw new UnknownGroupException("no feature group at " + dir + " (no control file)");
        } catch (IOException e) {
            throw new FeatureStoreException("cannot open " + file + ": " + e.getMessage(), e);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    FeatureGroup group() {
        return group;
    }

    long get(long offset) {
        return (long) WORD.getVolatile(segment, offset);
    }

    void set(long offset, long value) {
        WORD.setVolatile(segment, offset, value);
    }

    void force() {
        segment.force();
    }

    @Override
    public void close() {
        arena.close();
    }
}
