package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureVector;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from a crash staged by hand: the writer's state left "open" and a record torn on disk,
 * exactly what a SIGKILL in the middle of a write leaves (MultiProcessTest kills real writers).
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    /**
     * The record a merge tore had its other features from a bulk load, which no journal holds:
     * recovery drops the torn record and restores it whole from the merge's journal entry, which
     * keeps the merged record and not just the merged features.
     */
    @Test
    void aRecordTornByAMergeIsRestoredWholeFromTheJournal() throws Exception {
        FeatureGroup g = FeatureStoreTest.applicant();
        Path csv = dir.resolve("base.csv");
        Files.writeString(csv, """
                id,event_time,score,delinquencies,region,homeowner
                7,100,700,2,1,true
                8,100,650,1,2,false
                """);
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, g)) {
            w.load(csv, LoadListener.NONE);
            assertEquals(UpsertOutcome.UPDATED, w.merge(7, 200, w.newRecord().set("region", 3)));
        }
        byte[] image;
        Path snapshot;
        try (FeatureStore s = FeatureStore.open(store)) {
            FeatureRecord merged = s.get("applicant", "7").orElseThrow();
            image = RecordLayout.MEMORY.asSlice(merged.address(), g.recordBytes()).toArray(ValueLayout.JAVA_BYTE);
            snapshot = s.stats("applicant").snapshotFile();
        }
        // Tear it: the first value word of the record on disk is half rewritten.
        byte[] file = Files.readAllBytes(snapshot);
        int at = indexOf(file, image);
        assertTrue(at >= 0 && indexOf(file, image, at + 1) < 0, "the record is in the file once");
        try (RandomAccessFile f = new RandomAccessFile(snapshot.toFile(), "rw")) {
            f.seek(at + RecordLayout.valuesOffset(g.size()) + 1);
            f.write(0x5A);
        }
        try (ControlFile control = ControlFile.open(store.resolve("applicant"), true)) {
            control.set(ControlFile.WRITER_STATE, 1); // the writer never closed
        }

        try (FeatureWriter w = FeatureWriter.open(store, g); FeatureStore s = FeatureStore.open(store)) {
            RecoveryReport report = w.recovery();
            assertEquals(1, report.tornRecords());
            assertEquals(1, report.replayedUpserts());
            FeatureReader r = s.reader("applicant", FeatureStoreTest.model(), FeatureStoreTest.at(300));
            FeatureVector v = FeatureStoreTest.model().newVector();
            assertEquals(ReadStatus.FOUND, r.read(7, v));
            assertEquals(200, r.lastEventTimeMillis());
            assertEquals(List.of(700.0, 1.0, 3.0, 2.0), List.of(v.get(1), v.get(2), v.get(3), v.get(4)),
                    "the loaded features and the merged one");
            assertEquals(ReadStatus.FOUND, r.read(8, v));
            assertEquals(650, v.get(1));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
