package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot file opens with a plain {@code ChronicleMapBuilder} and no Verdict class: Chronicle
 * creates the value marshaller its header names, though the class is not public. This is what
 * the raw-Chronicle comparisons ({@code verdict cache bench}, {@code FeatureCacheBenchmark}) rely on.
 */
class PlainChronicleReadTest {
    @TempDir
    Path dir;

    @Test
    void plainChronicleMapCodeReadsASnapshotIntoAReusedArray() {
        FeatureGroup g = FeatureStoreTest.applicant();
        Path snapshot;
        byte[] expected;
        try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore store = FeatureStore.open(dir)) {
            w.upsert(42, FeatureStoreTest.NOW, w.newRecord().set("score", 712.5).set("region", 2));
            snapshot = store.stats("applicant").snapshotFile();
            FeatureRecord r = store.get("applicant", "42").orElseThrow();
            expected = RecordLayout.MEMORY.asSlice(r.address(), g.recordBytes()).toArray(ValueLayout.JAVA_BYTE);
        }
        try (ChronicleMap<byte[], byte[]> raw = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .constantKeySizeBySample(new byte[8]).constantValueSizeBySample(new byte[g.recordBytes()])
                .entries(g.capacity()).createPersistedTo(snapshot.toFile())) {
            byte[] key = {42, 0, 0, 0, 0, 0, 0, 0};
            byte[] value = new byte[g.recordBytes()];
            assertSame(value, raw.getUsing(key, value), "the caller's array is reused");
            assertArrayEquals(expected, value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
