package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.SchemaMismatchException;
import dev.verdict.core.WrongThreadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
    static final long NOW = 1_780_000_000_000L;
    @TempDir
    Path dir;

    static FeatureGroup applicant() {
        return FeatureGroup.builder("applicant")
                .maxAge(Duration.ofHours(1))
                .capacity(10_000)
                .float32("score", -1)
                .int32("delinquencies", Double.NaN)
                .categorical("region", 0)
                .bool("homeowner", Double.NaN)
                .build();
    }

    static FeatureSchema model() {
        return FeatureSchema.of(List.of(Feature.numeric("amount"), Feature.numeric("score"),
                Feature.bool("homeowner"), Feature.categorical("region", List.of("n", "s", "e", "w")),
                Feature.numeric("delinquencies")));
    }

    static ReadOptions at(long millis) {
        return ReadOptions.defaults().clock(InstantSource.fixed(Instant.ofEpochMilli(millis)));
    }

    @Test
    void upsertThenReadMapsFeaturesByName() {
        FeatureGroup g = applicant();
        try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord r = w.newRecord();
            r.clear().set("score", 712.5).set("delinquencies", 2).set("region", 3).set("homeowner", 1);
            assertEquals(UpsertOutcome.INSERTED, w.upsert(42, NOW, r));
            FeatureReader reader = store.reader("applicant", model(), at(NOW + 1000));
            FeatureVector v = model().newVector();
            v.set(0, 5000);
            assertEquals(ReadStatus.FOUND, reader.read(42, v));
            assertEquals(5000, v.get(0));
            assertEquals(712.5, v.get(1));
            assertEquals(1, v.get(2));
            assertEquals(3, v.get(3));
            assertEquals(2, v.get(4));
            assertEquals(NOW, reader.lastEventTimeMillis());
            assertEquals(4, reader.mappedFeatures());

            assertEquals(ReadStatus.NOT_FOUND, reader.read(43, v));
            assertEquals(-1, v.get(1), "default");
            assertTrue(Double.isNaN(v.get(4)), "no default: missing");
            assertEquals(0, v.get(3));
        }
    }

    /**
     * A reader shared by two threads must not hand either a mixed-up record, nor blame the store:
     * the second thread is refused with {@link WrongThreadException}, and the owner reads on.
     */
    @Test
    void aReaderUsedFromASecondThreadIsRefusedAndTheStoreIsNotBlamed() throws Exception {
        FeatureGroup g = applicant();
        try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore store = FeatureStore.open(dir)) {
            w.upsert(1, NOW, w.newRecord().set("score", 1));
            w.upsert(2, NOW, w.newRecord().set("score", 2));
            FeatureReader reader = store.reader("applicant", model(), at(NOW));
            java.util.concurrent.atomic.AtomicLong wrong = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> unexpected =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(2);
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                long id = t + 1;
                threads[t] = Thread.ofPlatform().start(() -> {
                    FeatureVector v = model().newVector();
                    try {
                        for (int i = 0; i < 50_000; i++) {
                            try {
                                if (reader.read(id, v) != ReadStatus.FOUND || v.get(1) != id) {
                                    wrong.incrementAndGet();
                                }
                            } catch (WrongThreadException e) {
                                refused.incrementAndGet();
                            }
                        }
                        finished.countDown();
                        finished.await();
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                });
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertEquals(null, unexpected.get());
            assertEquals(0, wrong.get());
            assertEquals(50_000, refused.get(), "one thread owned the reader throughout");
            // Owners gone: this thread may take it, and a released reader moves on again.
            FeatureVector v = model().newVector();
            assertEquals(ReadStatus.FOUND, reader.read(2, v));
            reader.release();
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
            Thread next = Thread.ofPlatform().start(() -> {
                reader.read(1, model().newVector());
                read.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            read.await();
            assertThrows(WrongThreadException.class, () -> reader.read(2, v));
            hold.countDown();
            next.join(10_000);
        }
    }

    @Test
    void bulkAndPerValueDecodingAgree() {
        // 150 floats around an int32, crossing presence words; the model takes most of them in
        // group order (bulk runs), some out of order, and one group feature it does not use.
        FeatureGroup.Builder gb = FeatureGroup.builder("wide").maxAge(Duration.ofHours(1)).capacity(100);
        for (int f = 0; f < 150; f++) {
            if (f == 70) {
                gb.int32("count", 5);
            }
            gb.float32("f" + f, -1);
        }
        FeatureGroup group = gb.build();
        FeatureSchema.Builder mb = FeatureSchema.builder();
        for (int f = 0; f < 120; f++) {
            mb.numeric("f" + f);
        }
        mb.numeric("count");
        for (int f = 149; f >= 121; f--) {
            mb.numeric("f" + f);
        }
        FeatureSchema schema = mb.build();
        try (FeatureWriter w = FeatureWriter.open(dir, group); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord full = w.newRecord();
            FeatureRecord gaps = w.newRecord();
            for (int f = 0; f < 150; f++) {
                full.set("f" + f, f * 0.5);
                if (f % 7 != 3) {
                    gaps.set("f" + f, f * 0.25);
                }
            }
            full.set("count", 9);
            w.upsert(1, NOW, full);
            w.upsert(2, NOW, gaps);
            FeatureReader reader = store.reader("wide", schema, at(NOW));
            assertEquals(150, reader.mappedFeatures());
            FeatureVector v = schema.newVector();
            for (int round = 0; round < 3; round++) {
                assertEquals(ReadStatus.FOUND, reader.read(1, v));
                for (int f = 0; f < 150; f++) {
                    int i = schema.find("f" + f);
                    if (i >= 0) {
                        assertEquals(f * 0.5, v.get(i), "f" + f);
                    }
                }
                assertEquals(9, v.get(schema.find("count")));
                assertEquals(ReadStatus.FOUND, reader.read(2, v));
                for (int f = 0; f < 150; f++) {
                    int i = schema.find("f" + f);
                    if (i >= 0) {
                        assertEquals(f % 7 != 3 ? f * 0.25 : -1, v.get(i), "f" + f);
                    }
                }
                assertEquals(5, v.get(schema.find("count")), "absent int32: its default");
            }
        }
    }

    @Test
    void eventTimeOrdersUpsertsAndReplayIsIdempotent() {
        try (FeatureWriter w = FeatureWriter.open(dir, applicant()); FeatureStore store = FeatureStore.open(dir)) {
            FeatureRecord r = w.newRecord();
            assertEquals(UpsertOutcome.INSERTED, w.upsert(1, NOW, r.clear().set("score", 1)));
            assertEquals(UpsertOutcome.UPDATED, w.upsert(1, NOW + 10, r.clear().set("score", 2)));
            assertEquals(UpsertOutcome.IGNORED_OLDER, w.upsert(1, NOW + 5, r.clear().set("score", 3)));
            assertEquals(UpsertOutcome.UNCHANGED, w.upsert(1, NOW + 10, r.clear().set("score", 2)));
            FeatureVector v = model().newVector();
            assertEquals(ReadStatus.FOUND, store.reader("applicant", model(), at(NOW + 10)).read(1, v));
            assertEquals(2, v.get(1));
        }
    }

    @Test
    void anUpsertReplacesTheWholeRecordAndAMergeChangesOnlyTheFeaturesItSets() {
        try (FeatureWriter w = FeatureWriter.open(dir, applicant()); FeatureStore store = FeatureStore.open(dir)) {
            FeatureReader r = store.reader("applicant", model(), at(NOW + 100).whenAbsent(Fill.MISSING));
            FeatureVector v = model().newVector();
            FeatureRecord rec = w.newRecord();
            w.upsert(1, NOW, rec.clear().set("score", 700).set("delinquencies", 2).set("region", 3));
            assertEquals(UpsertOutcome.UPDATED, w.upsert(1, NOW + 1, rec.clear().set("delinquencies", 4)));
            r.read(1, v);
            assertTrue(Double.isNaN(v.get(1)) && Double.isNaN(v.get(3)), "an upsert leaves unset features absent");
            assertEquals(4, v.get(4));

            assertEquals(UpsertOutcome.UPDATED, w.merge(1, NOW + 2, rec.clear().set("score", 650).set("region", 1)));
            assertEquals(ReadStatus.FOUND, r.read(1, v));
            assertEquals(List.of(650.0, 1.0, 4.0), List.of(v.get(1), v.get(3), v.get(4)), "the rest kept");
            assertEquals(NOW + 2, r.lastEventTimeMillis(), "the merged record carries the merge's time");
            assertEquals(UpsertOutcome.UPDATED, w.merge(1, NOW + 3, rec.clear().set("delinquencies", Double.NaN)));
            r.read(1, v);
            assertTrue(Double.isNaN(v.get(4)), "a feature merged as NaN becomes absent");
            assertEquals(650, v.get(1));

            assertEquals(UpsertOutcome.UNCHANGED, w.merge(1, NOW + 3, rec.clear().set("delinquencies", Double.NaN)),
                    "a replayed merge");
            assertEquals(UpsertOutcome.IGNORED_OLDER, w.merge(1, NOW + 2, rec.clear().set("score", 1)));
            assertEquals(UpsertOutcome.UPDATED, w.merge(1, NOW + 3, rec.clear().set("score", 2)), "as old: applies");
            r.read(1, v);
            assertEquals(2, v.get(1));

            assertEquals(UpsertOutcome.INSERTED, w.merge(2, NOW, rec.clear().set("region", 2)));
            r.read(2, v);
            assertEquals(2, v.get(3));
            assertTrue(Double.isNaN(v.get(1)), "a new entity holds only the merged features");
        }
        try (FeatureWriter w = FeatureWriter.open(dir, applicant()); FeatureStore store = FeatureStore.open(dir)) {
            FeatureVector v = model().newVector();
            store.reader("applicant", model(), at(NOW + 100)).read(1, v);
            assertEquals(2, v.get(1), "merges persist across a clean reopen");
        }
    }

    @Test
    void mergesMadeDuringALoadAreMergedOntoTheLoadedRowsNotOntoTheOldRecords() throws Exception {
        Path csv = dir.resolve("big.csv");
        StringBuilder text = new StringBuilder("id,event_time,score,delinquencies,region,homeowner\n");
        for (int id = 0; id < 60_000; id++) {
            text.append(id).append(",10,").append(id).append(",0,0,0\n");
        }
        Files.writeString(csv, text);
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, applicant(), 1 << 16); FeatureStore s = FeatureStore.open(store)) {
            FeatureRecord rec = w.newRecord();
            for (int id = 0; id < 300; id++) {
                w.upsert(id, 5, rec.clear().set("score", -5).set("region", 3)); // older than the file
            }
            Thread loader = new Thread(() -> w.load(csv, LoadListener.NONE));
            loader.start();
            int round = 0;
            while (loader.isAlive() || round < 3) {
                for (int id = 0; id < 300; id++) {
                    w.merge(id, NOW + round, rec.clear().set("delinquencies", round + 1));
                }
                round++;
            }
            loader.join();
            FeatureReader r = s.reader("applicant", model(), at(NOW));
            FeatureVector v = model().newVector();
            for (int id = 0; id < 300; id++) {
                assertEquals(ReadStatus.FOUND, r.read(id, v));
                assertEquals(round, v.get(4), "entity " + id + ": the newest merge");
                assertEquals(id, v.get(1), "entity " + id + ": the file's score, not the old record's");
                assertEquals(0, v.get(3), "entity " + id + ": the file's region, not the old record's");
            }
            assertTrue(round > 3, "merges ran during the load");
        }
    }

    @Test
    void readsCanRefuseUnknownAndStaleEntitiesBeforeTouchingTheVector() {
        FeatureGroup cards = FeatureGroup.builder("cards").keyType(KeyType.STRING).maxAge(Duration.ofHours(1))
                .float32("score", -1).build();
        try (FeatureWriter w = FeatureWriter.open(dir, applicant()); FeatureWriter wc = FeatureWriter.open(dir, cards);
                FeatureStore store = FeatureStore.open(dir)) {
            w.upsert(1, NOW, w.newRecord().set("score", 600));
            wc.upsert("card-1", NOW, wc.newRecord().set("score", 5));
            long late = NOW + Duration.ofHours(2).toMillis();
            FeatureVector v = model().newVector().set(1, 42);

            FeatureReader strict = store.reader("applicant", model(), at(NOW).failIfNotFound(true));
            EntityNotFoundException missing = assertThrows(EntityNotFoundException.class, () -> strict.read(2, v));
            assertEquals("feature group 'applicant' has no record of entity 2", missing.getMessage());
            assertEquals("applicant", missing.group());
            assertEquals("2", missing.entityId());
            assertEquals(42, v.get(1), "the vector is untouched");
            assertEquals(ReadStatus.FOUND, strict.read(1, v));
            assertEquals(600, v.get(1));
            assertEquals(ReadStatus.NOT_FOUND,
                    store.reader("applicant", model(), at(NOW).failIfStale(true)).read(2, v), "separate settings");

            v.set(1, 42);
            FeatureReader fresh = store.reader("applicant", model(), at(late).failIfStale(true));
            StaleRecordException stale = assertThrows(StaleRecordException.class, () -> fresh.read(1, v));
            assertTrue(stale.getMessage().startsWith("the record of entity 1 in feature group 'applicant' is stale:"
                    + " event time 2026-05-28T"), stale.getMessage());
            assertTrue(stale.getMessage().endsWith("PT2H old, more than the group's max age PT1H"), stale.getMessage());
            assertEquals(Duration.ofHours(2), stale.age());
            assertEquals(NOW, stale.eventTimeMillis());
            assertEquals(42, v.get(1), "the vector is untouched");
            assertEquals(ReadStatus.STALE, store.reader("applicant", model(), at(late).failIfNotFound(true)).read(1, v));

            FeatureSchema s = FeatureSchema.builder().numeric("score").build();
            FeatureReader cardReader = store.reader("cards", s, at(NOW).failIfNotFound(true));
            FeatureVector cv = s.newVector();
            assertEquals("'card-2'", assertThrows(EntityNotFoundException.class,
                    () -> cardReader.read(new StringBuilder("card-2"), cv)).entityId());
            assertEquals("'" + "x".repeat(100) + "'", assertThrows(EntityNotFoundException.class,
                    () -> cardReader.read("x".repeat(100), cv)).entityId(), "an id too long to be stored");
            assertEquals(ReadStatus.FOUND, cardReader.read("card-1", cv));
        }
    }

    @Test
    void staleRecordsFollowTheCallersChoice() {
        try (FeatureWriter w = FeatureWriter.open(dir, applicant()); FeatureStore store = FeatureStore.open(dir)) {
            w.upsert(7, NOW, w.newRecord().set("score", 600));
            long late = NOW + Duration.ofHours(2).toMillis();
            FeatureVector v = model().newVector();
            assertEquals(ReadStatus.STALE, store.reader("applicant", model(), at(late)).read(7, v));
            assertEquals(600, v.get(1), "stale record values by default");
            assertEquals(ReadStatus.STALE,
                    store.reader("applicant", model(), at(late).whenStale(Fill.MISSING)).read(7, v));
            assertTrue(Double.isNaN(v.get(1)));
            assertEquals(ReadStatus.STALE,
                    store.reader("applicant", model(), at(late).whenStale(Fill.DEFAULTS)).read(7, v));
            assertEquals(-1, v.get(1));
            v.set(1, 99);
            assertEquals(ReadStatus.STALE,
                    store.reader("applicant", model(), at(late).whenStale(Fill.UNCHANGED)).read(7, v));
            assertEquals(99, v.get(1));
        }
    }

    @Test
    void stringKeys() {
        FeatureGroup g = FeatureGroup.builder("cards").keyType(KeyType.STRING).maxKeyBytes(16)
                .float32("spend", Double.NaN).build();
        FeatureSchema s = FeatureSchema.builder().numeric("spend").build();
        try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore store = FeatureStore.open(dir)) {
            w.upsert("card-4242", NOW, w.newRecord().set(0, 12.5));
            w.upsert("carte-é", NOW, w.newRecord().set(0, 3));
            FeatureReader r = store.reader("cards", s, at(NOW));
            FeatureVector v = s.newVector();
            StringBuilder id = new StringBuilder("card-4242");
            assertEquals(ReadStatus.FOUND, r.read(id, v));
            assertEquals(12.5, v.get(0));
            assertEquals(ReadStatus.FOUND, r.read("carte-é", v));
            assertEquals(3, v.get(0));
            assertEquals(ReadStatus.NOT_FOUND, r.read("card-0000", v));
            assertEquals(ReadStatus.NOT_FOUND, r.read("x".repeat(40), v));
            assertThrows(IllegalArgumentException.class, () -> w.upsert("x".repeat(17), NOW, w.newRecord()));
            KeyTypeMismatchException wrongKey = assertThrows(KeyTypeMismatchException.class,
                    () -> r.read(5L, v));
            assertTrue(wrongKey.getMessage().startsWith("group '"), wrongKey.getMessage());
        }
    }

    @Test
    void schemaIsStoredAndCheckedOnOpen() {
        try (FeatureWriter w = FeatureWriter.open(dir, applicant())) {
            w.upsert(1, NOW, w.newRecord().set("score", 1));
        }
        FeatureGroup other = FeatureGroup.builder("applicant").capacity(10_000).maxAge(Duration.ofHours(1))
                .float32("score", -1).build();
        assertThrows(StoreSchemaMismatchException.class, () -> FeatureWriter.open(dir, other));
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertEquals(applicant(), store.group("applicant"));
            assertThrows(StoreSchemaMismatchException.class,
                    () -> store.reader(other, model(), ReadOptions.defaults()));
            assertThrows(UnknownGroupException.class, () -> store.reader("nope", model(), ReadOptions.defaults()));
            FeatureSchema wrongTypes = FeatureSchema.of(List.of(Feature.categorical("score")));
            assertThrows(SchemaMismatchException.class,
                    () -> store.reader("applicant", wrongTypes, ReadOptions.defaults()));
            assertEquals(List.of("applicant"), store.groups());
        }
    }

    @Test
    void oneWriterAtATime() {
        try (FeatureWriter w = FeatureWriter.open(dir, applicant())) {
            assertThrows(StoreLockedException.class, () -> FeatureWriter.open(dir, applicant()));
        }
        FeatureWriter.open(dir, applicant()).close();
    }

    @Test
    void bulkLoadSwitchesReadersAndKeepsNewerUpserts() throws Exception {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, """
                id,event_time,score,delinquencies,region,homeowner
                1,%d,700,0,1,true
                2,%d,NA,3,2,FALSE
                2,%d,1,1,1,true
                3,2026-01-01T00:00:00Z,650.25,,0,1
                """.formatted(NOW, NOW, NOW - 100));
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, applicant()); FeatureStore s = FeatureStore.open(store)) {
            FeatureReader r = s.reader("applicant", model(), at(NOW));
            FeatureVector v = model().newVector();
            w.upsert(1, NOW + 1, w.newRecord().set("score", 800));
            assertEquals(ReadStatus.FOUND, r.read(1, v));
            long[] progress = new long[1];
            LoadResult result = w.load(csv, (done, total) -> progress[0] = done);
            assertEquals(4, result.rows());
            assertEquals(3, result.entities());
            assertEquals(1, result.ignoredOlder(), "the second row of entity 2 is older than the first");
            assertEquals(4, progress[0]);
            assertEquals(ReadStatus.FOUND, r.read(1, v));
            assertEquals(800, v.get(1), "the newer upsert wins over the file's row");
            assertEquals(ReadStatus.FOUND, r.read(2, v));
            assertEquals(-1, v.get(1), "absent value: default");
            assertEquals(0, v.get(2));
            assertEquals(3, v.get(4));
            assertEquals(ReadStatus.STALE, r.read(3, v));
            assertEquals(650.25, v.get(1));
            GroupStats stats = s.stats("applicant");
            assertEquals(3, stats.entries());
            assertEquals(result.generation(), stats.generation());
            assertFalse(stats.loadRunning());
        }
    }

    @Test
    void badCsvIsRejectedWithItsLineAndTheLiveSnapshotIsUntouched() throws Exception {
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, applicant()); FeatureStore s = FeatureStore.open(store)) {
            w.upsert(1, NOW, w.newRecord().set("score", 5));
            long generation = s.stats("applicant").generation();
            String header = "id,score,delinquencies,region,homeowner\n";
            assertCsvError(w, header + "1,2,3,4,true\n2,abc,1,1,true\n", 3, "'abc' is not a float32");
            assertCsvError(w, header + "1,2,3,-4,true\n", 2, "out of range");
            assertCsvError(w, header + "1,2,3,4,maybe\n", 2, "not a boolean");
            assertCsvError(w, header + "1,2,3,4\n", 2, "has 4 fields");
            assertCsvError(w, header + "x1,2,3,4,true\n", 2, "is not a 64-bit integer");
            assertCsvError(w, header + "1,1e39,3,4,true\n", 2, "not a finite float32");
            assertCsvError(w, "id,score,delinquencies,region\n", 1, "missing feature columns: homeowner");
            assertCsvError(w, LoadOptions.defaults().strictColumns(true),
                    "id,score,delinquencies,region,homeowner,extra\n", 1, "unknown column 'extra'");
            assertCsvError(w, "ID,score,delinquencies,region,homeowner\n", 1,
                    "no 'id' column (the group's id column); the file has 'ID': name it in the group definition"
                            + " (\"idColumn\": \"ID\")");
            assertCsvError(w, "score,delinquencies,region,homeowner\n", 1, "no 'id' column");
            assertCsvError(w, "", 0, "empty");
            assertCsvError(w, "id,event_time,score,delinquencies,region,homeowner\n1,yesterday,1,1,1,1\n", 2,
                    "neither epoch milliseconds");
            assertEquals(generation, s.stats("applicant").generation());
            FeatureVector v = model().newVector();
            assertEquals(ReadStatus.FOUND, s.reader("applicant", model(), at(NOW)).read(1, v));
            assertEquals(5, v.get(1));
            try (var files = Files.list(store.resolve("applicant"))) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("data-")).count(),
                        "failed loads leave no snapshot files behind");
            }
        }
    }

    private void assertCsvError(FeatureWriter w, String content, long line, String message) throws Exception {
        assertCsvError(w, LoadOptions.defaults(), content, line, message);
    }

    private void assertCsvError(FeatureWriter w, LoadOptions options, String content, long line, String message)
            throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, content);
        CsvLoadException e = assertThrows(CsvLoadException.class, () -> w.load(csv, options, LoadListener.NONE));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void columnsTheGroupDoesNotHaveAreIgnoredAndNamedUnlessTheLoadIsStrict() throws Exception {
        Path csv = dir.resolve("extract.csv");
        Files.writeString(csv, """
                LIMIT_BAL,id,score,SEX,delinquencies,region,homeowner,SEX
                20000,1,700,2,0,1,true,2
                "x",2,650,1,1,2,false,"not, a number"
                """);
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, applicant()); FeatureStore s = FeatureStore.open(store)) {
            LoadResult result = w.load(csv, LoadListener.NONE);
            assertEquals(2, result.rows());
            assertEquals(List.of("LIMIT_BAL", "SEX", "SEX"), result.ignoredColumns(),
                    "ignored columns are never parsed, and may repeat");
            FeatureVector v = model().newVector();
            assertEquals(ReadStatus.FOUND, s.reader("applicant", model(), ReadOptions.defaults()).read(2, v));
            assertEquals(650, v.get(1));
            CsvLoadException strict = assertThrows(CsvLoadException.class,
                    () -> w.load(csv, LoadOptions.defaults().strictColumns(true), LoadListener.NONE));
            assertTrue(strict.getMessage().contains("line 1, column 1: unknown column 'LIMIT_BAL'"),
                    strict.getMessage());
            assertEquals(result.generation(), s.stats("applicant").generation(), "the strict load published nothing");
        }
    }

    @Test
    void aFullJournalIsCheckpointedIntoANewGenerationWithoutLosingAnything() {
        FeatureGroup g = applicant();
        try (FeatureWriter w = FeatureWriter.open(dir, g, 1 << 16); FeatureStore store = FeatureStore.open(dir)) {
            FeatureReader r = store.reader("applicant", model(), at(NOW));
            FeatureVector v = model().newVector();
            long first = store.stats("applicant").generation();
            FeatureRecord rec = w.newRecord();
            for (int i = 0; i < 5_000; i++) {
                w.upsert(i % 1_000, NOW + i, rec.clear().set("score", i));
            }
            assertTrue(store.stats("applicant").generation() > first + 3, "several checkpoints");
            for (int id = 0; id < 1_000; id++) {
                assertEquals(ReadStatus.FOUND, r.read(id, v));
                assertEquals(4_000 + id, v.get(1));
            }
        }
        try (FeatureWriter w = FeatureWriter.open(dir, g, 1 << 16)) {
            assertEquals(null, w.recovery(), "closed cleanly: nothing to recover");
            assertEquals(1_000, w.stats().entries());
        }
    }

    @Test
    void upsertsDuringALoadSurviveItsSwitchEvenAcrossCheckpoints() throws Exception {
        Path csv = dir.resolve("big.csv");
        StringBuilder text = new StringBuilder("id,event_time,score,delinquencies,region,homeowner\n");
        for (int id = 0; id < 60_000; id++) {
            text.append(id).append(",1,").append(id).append(",0,0,0\n");
        }
        Files.writeString(csv, text);
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, applicant(), 1 << 16); FeatureStore s = FeatureStore.open(store)) {
            Thread loader = new Thread(() -> w.load(csv, LoadListener.NONE));
            loader.start();
            FeatureRecord rec = w.newRecord();
            int round = 0;
            while (loader.isAlive() || round < 3) {
                for (int id = 0; id < 500; id++) {
                    w.upsert(id, NOW + round, rec.clear().set("score", -round - 1));
                }
                round++;
            }
            loader.join();
            FeatureReader r = s.reader("applicant", model(), at(NOW));
            FeatureVector v = model().newVector();
            for (int id = 0; id < 500; id++) {
                assertEquals(ReadStatus.FOUND, r.read(id, v));
                assertEquals(-round, v.get(1), "entity " + id + ": the newest upsert wins over the load");
            }
            assertEquals(ReadStatus.STALE, r.read(59_999, v), "event time 1 (1970) is stale");
            assertEquals(59_999, v.get(1));
            assertTrue(round > 3, "upserts ran during the load (a 64 KiB journal fills every ~800 upserts)");
            assertEquals(60_000, s.stats("applicant").entries());
        }
    }

    @Test
    void stringKeyedBulkLoad() throws Exception {
        FeatureGroup g = FeatureGroup.builder("cards").keyType(KeyType.STRING).maxKeyBytes(12)
                .float32("spend", Double.NaN).build();
        Path csv = dir.resolve("cards.csv");
        Files.writeString(csv, "\uFEFFid,spend\r\n\"card,1\",10.5\r\ncard-2,NA\r\n\ncard-3,-0.25\r\n");
        Path store = dir.resolve("store");
        try (FeatureWriter w = FeatureWriter.open(store, g); FeatureStore s = FeatureStore.open(store)) {
            assertEquals(3, w.load(csv, LoadListener.NONE).rows());
            FeatureSchema schema = FeatureSchema.builder().numeric("spend").build();
            FeatureReader r = s.reader("cards", schema, at(NOW).whenAbsent(Fill.MISSING));
            FeatureVector v = schema.newVector();
            assertEquals(ReadStatus.FOUND, r.read("card,1", v));
            assertEquals(10.5, v.get(0));
            assertEquals(ReadStatus.FOUND, r.read("card-2", v));
            assertTrue(Double.isNaN(v.get(0)));
            assertEquals(ReadStatus.FOUND, r.read("card-3", v));
            assertEquals(-0.25, v.get(0));
            Files.writeString(csv, "id,spend\ncard-0000000000000,1\n");
            CsvLoadException e = assertThrows(CsvLoadException.class, () -> w.load(csv, LoadListener.NONE));
            assertTrue(e.getMessage().contains("must be 1 to 12 bytes"), e.getMessage());
        }
    }

    @Test
    void aFullStoreIsATypedError() {
        FeatureGroup g = FeatureGroup.builder("tiny").capacity(1).float32("x", Double.NaN).build();
        try (FeatureWriter w = FeatureWriter.open(dir, g)) {
            FeatureRecord r = w.newRecord().set(0, 1);
            StoreFullException e = assertThrows(StoreFullException.class, () -> {
                for (long i = 0; i < 10_000_000; i++) {
                    w.upsert(i, NOW, r);
                }
            });
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertEquals(UpsertOutcome.UNCHANGED, w.upsert(0, NOW, r), "existing records still update");
        }
    }
}
