package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.SchemaMismatchException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, truncated and foreign files are typed errors, never a misread. */
class BadStoreFilesTest {
    @TempDir
    Path dir;

    private Path groupWithData() {
        try (FeatureWriter w = FeatureWriter.open(dir, FeatureStoreTest.applicant())) {
            w.upsert(1, FeatureStoreTest.NOW, w.newRecord().set("score", 3));
        }
        return dir.resolve("applicant");
    }

    private FeatureStoreException openFails(Class<? extends FeatureStoreException> type) {
        try (FeatureStore store = FeatureStore.open(dir)) {
            FeatureStoreException e = assertThrows(type, () -> store.group("applicant"));
            FeatureStoreException w = assertThrows(type, () -> FeatureWriter.open(dir, FeatureStoreTest.applicant()));
            assertTrue(w.getMessage().contains("control") || w.getMessage().contains("snapshot"), w.getMessage());
            return e;
        }
    }

    @Test
    void truncatedControlFile() throws Exception {
        Path control = groupWithData().resolve("control");
        for (long size : new long[] {0, 7, 100, 140}) {
            try (RandomAccessFile f = new RandomAccessFile(control.toFile(), "rw")) {
                f.setLength(size);
            }
            FeatureStoreException e = openFails(CorruptStoreException.class);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void corruptedGroupDefinition() throws Exception {
        Path control = groupWithData().resolve("control");
        try (RandomAccessFile f = new RandomAccessFile(control.toFile(), "rw")) {
            f.seek(140);
            f.write('#');
        }
        assertTrue(openFails(CorruptStoreException.class).getMessage().contains("checksum"));
    }

    @Test
    void notAStoreFileAndAnotherFormatVersion() throws Exception {
        Path control = groupWithData().resolve("control");
        try (RandomAccessFile f = new RandomAccessFile(control.toFile(), "rw")) {
            f.seek(4);
            f.write(9); // format version 9
        }
        assertTrue(openFails(CorruptStoreException.class).getMessage().contains("format version 9"));
        Files.writeString(control, "hello, this is not a control file ".repeat(10));
        assertTrue(openFails(CorruptStoreException.class).getMessage().contains("bad magic"));
    }

    @Test
    void missingOrTruncatedSnapshot() throws Exception {
        Path group = groupWithData();
        Path data;
        try (var files = Files.list(group)) {
            data = files.filter(p -> p.getFileName().toString().startsWith("data-")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(100);
        }
        openFails(CorruptStoreException.class);
        Files.delete(data);
        assertTrue(openFails(CorruptStoreException.class).getMessage().contains("missing"));
    }

    @Test
    void aDamagedRecordIsAnErrorOnReadAndTheOthersStillRead() throws Exception {
        float marker = 1234.5678f;
        try (FeatureWriter w = FeatureWriter.open(dir, FeatureStoreTest.applicant())) {
            w.upsert(1, FeatureStoreTest.NOW, w.newRecord().set("score", marker).set("delinquencies", 2));
            w.upsert(2, FeatureStoreTest.NOW, w.newRecord().set("score", 7).set("delinquencies", 1));
        }
        Path data;
        try (var files = Files.list(dir.resolve("applicant"))) {
            data = files.filter(p -> p.getFileName().toString().startsWith("data-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        int bits = Float.floatToRawIntBits(marker);
        int at = -1;
        for (int i = 0; i + 4 <= bytes.length && at < 0; i++) {
            if ((bytes[i] & 0xff | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff) << 16 | bytes[i + 3] << 24) == bits) {
                at = i;
            }
        }
        assertTrue(at >= 0, "the record's value is in the snapshot file");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(at + 1);
            f.write(bytes[at + 1] ^ 0x10); // 1234.5678 becomes another plausible float
        }
        FeatureSchema model = FeatureStoreTest.model();
        FeatureVector v = model.newVector();
        try (FeatureStore store = FeatureStore.open(dir)) {
            for (long clock : new long[] {FeatureStoreTest.NOW, FeatureStoreTest.NOW + 7_200_000}) {
                ReadOptions options = ReadOptions.defaults().clock(InstantSource.fixed(Instant.ofEpochMilli(clock)));
                FeatureReader reader = store.reader("applicant", model, options);
                v.clear();
                v.set(model.indexOf("score"), 42);
                CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> reader.read(1, v));
                assertEquals(42.0, v.get(model.indexOf("score")), "a damaged record leaves the vector as it was");
                assertTrue(e.getMessage().contains("checksum"), e.getMessage());
                assertEquals(0, reader.lastEventTimeMillis());
                ReadStatus status = reader.read(2, v);
                assertEquals(clock == FeatureStoreTest.NOW ? ReadStatus.FOUND : ReadStatus.STALE, status);
                assertEquals(FeatureStoreTest.NOW, reader.lastEventTimeMillis());
                if (status == ReadStatus.FOUND) {
                    assertEquals(7.0, v.get(model.indexOf("score")));
                }
            }
        }
    }

    @Test
    void unknownGroupsAndNonStores() {
        groupWithData();
        try (FeatureStore store = FeatureStore.open(dir)) {
            UnknownGroupException e = assertThrows(UnknownGroupException.class, () -> store.group("merchant"));
            assertTrue(e.getMessage().contains("[applicant]"), e.getMessage());
            assertThrows(UnknownGroupException.class, () -> store.group("../etc"));
        }
        assertThrows(FeatureStoreException.class, () -> FeatureStore.open(dir.resolve("nothing-here")));
    }

    @Test
    void badGroupDefinitions() throws Exception {
        String[] bad = {
            "not json",
            "[]",
            "{\"name\": \"g\"}",
            "{\"name\": \"g\", \"features\": []}",
            "{\"name\": \"g b\", \"features\": [{\"name\": \"x\"}]}",
            "{\"name\": \"g\", \"features\": [{\"name\": \"x\", \"type\": \"float64\"}]}",
            "{\"name\": \"g\", \"features\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}",
            "{\"name\": \"g\", \"maxAge\": \"tomorrow\", \"features\": [{\"name\": \"x\"}]}",
            "{\"name\": \"g\", \"key\": \"uuid\", \"features\": [{\"name\": \"x\"}]}",
            "{\"name\": \"g\", \"colour\": 1, \"features\": [{\"name\": \"x\"}]}",
            "{\"name\": \"g\", \"features\": [{\"name\": \"x\", \"type\": \"boolean\", \"default\": 2}]}",
            "{\"name\": \"g\", \"capacity\": 0, \"features\": [{\"name\": \"x\"}]}",
        };
        for (String json : bad) {
            FeatureStoreException e = assertThrows(FeatureStoreException.class, () -> FeatureGroup.fromJson(json), json);
            assertTrue(e.getMessage().startsWith("invalid group definition") || e.getMessage().startsWith("not valid JSON"),
                    e.getMessage());
        }
        Path file = dir.resolve("g.json");
        Files.writeString(file, "{\"name\": \"g\", \"key\": \"string\", \"maxKeyBytes\": 20, \"maxAge\": \"PT5M\","
                + " \"features\": [{\"name\": \"x\", \"type\": \"int32\", \"default\": -1}]}");
        FeatureGroup g = FeatureGroup.read(file);
        assertEquals(KeyType.STRING, g.keyType());
        assertEquals(20, g.maxKeyBytes());
        assertEquals(g, FeatureGroup.fromJson(g.toJson()));
        assertThrows(FeatureStoreException.class, () -> FeatureGroup.read(dir.resolve("absent.json")));
    }

    @Test
    void wrongVectorAndRecordUseAreClearErrors() {
        groupWithData();
        try (FeatureStore store = FeatureStore.open(dir); FeatureWriter w = FeatureWriter.open(dir, FeatureStoreTest.applicant())) {
            FeatureReader r = store.reader("applicant", FeatureStoreTest.model(), ReadOptions.defaults());
            FeatureVector other = FeatureSchema.builder().numeric("a").build().newVector();
            assertThrows(SchemaMismatchException.class, () -> r.read(1, other));
            assertThrows(dev.verdict.core.InvalidFeatureValueException.class,
                    () -> w.newRecord().set("region", -2));
            assertThrows(dev.verdict.core.InvalidFeatureValueException.class,
                    () -> w.newRecord().set("score", Double.POSITIVE_INFINITY));
            assertThrows(IllegalArgumentException.class, () -> w.newRecord().set("nope", 1));
            assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().whenNotFound(Fill.RECORD));
        }
    }

    @Test
    void pretouchVisitsEveryRecord() {
        groupWithData();
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertEquals(1, store.pretouch("applicant"));
        }
    }
}
