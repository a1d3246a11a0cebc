package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.core.AllocationMeter;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read on the request path allocates nothing: counted in bytes, after warm-up. */
class ReadAllocationTest {
    @TempDir
    Path dir;

    @Test
    void readsAllocateNothing() {
        FeatureGroup.Builder b = FeatureGroup.builder("wide").capacity(5_000).maxAge(Duration.ofDays(1));
        FeatureSchema.Builder s = FeatureSchema.builder();
        for (int i = 0; i < 100; i++) {
            b.float32("f" + i, 0);
            s.numeric("f" + i);
        }
        FeatureGroup group = b.build();
        FeatureSchema schema = s.build();
        long now = System.currentTimeMillis();
        try (FeatureWriter w = FeatureWriter.open(dir, group); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord r = w.newRecord();
            for (int id = 0; id < 2_000; id++) {
                r.clear();
                for (int f = 0; f < 100; f += (id % 3) + 1) {
                    r.set(f, id * 0.5 + f);
                }
                w.upsert(id, id % 10 == 0 ? now - Duration.ofDays(2).toMillis() : now, r);
            }
            FeatureReader reader = store.reader("wide", schema, ReadOptions.defaults());
            FeatureVector v = schema.newVector();
            long[] next = {0};
            double perRead = AllocationMeter.bytesPerCall(50_000, 20_000, () -> {
                long id = (next[0] = next[0] * 6364136223846793005L + 1442695040888963407L) >>> 53; // 0..2047
                reader.read(id, v);
            });
            assertEquals(0.0, perRead, "bytes per read (found, stale and missing ids)");
            assertEquals(ReadStatus.FOUND, reader.read(1, v));
            assertEquals(2.5, v.get(2));
            assertEquals(0, v.get(1), "absent: the default");
        }
    }

    /** Readers that refuse unknown and stale entities allocate nothing when the read succeeds. */
    @Test
    void readsThatWouldRefuseMissingOrStaleRecordsAllocateNothingWhenTheySucceed() {
        FeatureGroup.Builder b = FeatureGroup.builder("strict").capacity(5_000).maxAge(Duration.ofDays(1));
        FeatureSchema.Builder s = FeatureSchema.builder();
        for (int i = 0; i < 100; i++) {
            b.float32("f" + i, 0);
            s.numeric("f" + i);
        }
        FeatureGroup group = b.build();
        FeatureSchema schema = s.build();
        try (FeatureWriter w = FeatureWriter.open(dir, group); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord r = w.newRecord();
            for (int id = 0; id < 2_048; id++) {
                r.clear();
                for (int f = 0; f < 100; f += (id % 3) + 1) {
                    r.set(f, id * 0.5 + f);
                }
                w.upsert(id, System.currentTimeMillis(), r);
            }
            FeatureReader reader = store.reader("strict", schema,
                    ReadOptions.defaults().failIfNotFound(true).failIfStale(true));
            FeatureVector v = schema.newVector();
            long[] next = {0};
            double perRead = AllocationMeter.bytesPerCall(50_000, 20_000, () -> {
                long id = (next[0] = next[0] * 6364136223846793005L + 1442695040888963407L) >>> 53; // 0..2047
                reader.read(id, v);
            });
            assertEquals(0.0, perRead, "bytes per read (found, fresh)");
            assertThrows(EntityNotFoundException.class, () -> reader.read(4_096, v));
            assertEquals(ReadStatus.FOUND, reader.read(7, v), "the reader reads on after a refusal");
        }
    }

    @Test
    void stringKeyReadsAllocateNothing() {
        FeatureGroup group = FeatureGroup.builder("cards").keyType(KeyType.STRING).capacity(5_000)
                .float32("spend", 0).int32("txns", 0).build();
        FeatureSchema schema = FeatureSchema.builder().numeric("spend", "txns").build();
        try (FeatureWriter w = FeatureWriter.open(dir, group); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord r = w.newRecord();
            for (int i = 0; i < 1_000; i++) {
                w.upsert("card-" + i, System.currentTimeMillis(), r.clear().set(0, i).set(1, i * 2));
            }
            FeatureReader reader = store.reader("cards", schema, ReadOptions.defaults());
            FeatureVector v = schema.newVector();
            StringBuilder id = new StringBuilder();
            int[] next = {0};
            double perRead = AllocationMeter.bytesPerCall(50_000, 20_000, () -> {
                id.setLength(0);
                id.append("card-").append(next[0]++ % 1_500);
                reader.read(id, v);
            });
            assertEquals(0.0, perRead, "bytes per read");
        }
    }
}
