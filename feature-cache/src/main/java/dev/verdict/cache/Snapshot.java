package dev.verdict.cache;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/** One generation of a group's data: a Chronicle Map file {@code data-<generation>.cm}. */
final class Snapshot implements AutoCloseable {
    final long generation;
    final Path file;
    final ChronicleMap<byte[], byte[]> map;

    Snapshot(long generation, Path file, ChronicleMap<byte[], byte[]> map) {
        this.generation = generation;
        this.file = file;
        this.map = map;
    }

    static Path dataFile(Path dir, long generation) {
        return dir.resolve("data-" + generation + ".cm");
    }

    static Path journalFile(Path dir, long generation) {
        return dir.resolve("journal-" + generation + ".log");
    }

    /** The configuration every snapshot of {@code group} is created with. */
    static ChronicleMapBuilder<byte[], byte[]> builder(FeatureGroup group, long entries) {
        ChronicleMapBuilder<byte[], byte[]> b = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name(group.name())
                .entries(Math.max(1_000, entries))
                .maxBloatFactor(4.0)
                .valueMarshaller(RecordBytesMarshaller.INSTANCE)
                .constantValueSizeBySample(new byte[group.recordBytes()])
                // Records carry their own checksum, which recovery verifies; Chronicle's would hash each write twice.
                .checksumEntries(false);
        if (group.keyType() == KeyType.LONG) {
            b.constantKeySizeBySample(new byte[Long.BYTES]);
        } else {
            b.averageKeySize(Math.min(group.maxKeyBytes(), 24));
        }
        return b;
    }

    /** Creates a new, empty snapshot file. */
    static Snapshot create(Path dir, FeatureGroup group, long generation, long entries) throws IOException {
        Path file = dataFile(dir, generation);
        Files.deleteIfExists(file);
        return new Snapshot(generation, file, builder(group, entries).createPersistedTo(file.toFile()));
    }

    /**
     * Opens an existing snapshot file (never creates one: Chronicle would silently make an empty
     * map of a missing file).
     */
    static Snapshot open(Path dir, FeatureGroup group, long generation) {
        Path file = dataFile(dir, generation);
        File f = file.toFile();
        if (!f.isFile()) {
            throw new CorruptStoreException("snapshot " + file + " of the live generation is missing");
        }
        try {
            return new Snapshot(generation, file, builder(group, group.capacity()).createPersistedTo(f));
        } catch (IOException | RuntimeException e) {
            throw new CorruptStoreException("cannot open snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        map.close();
    }
}
