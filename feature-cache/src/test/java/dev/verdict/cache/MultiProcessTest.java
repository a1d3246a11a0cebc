package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs sharing a store with the test: readers in other processes, and a writer killed with SIGKILL. */
class MultiProcessTest {
    @TempDir
    Path dir;

    static Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.REQUIRED);
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    static String awaitLine(BufferedReader in, String prefix) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        fail("child ended before printing " + prefix);
        return null;
    }

    @Test
    void readersInOtherProcessesSeeUpsertsAndFollowBulkLoads() throws Exception {
        FeatureGroup g = FeatureGroup.builder("shared").capacity(1_000).float32("x", Double.NaN).build();
        try (FeatureWriter w = FeatureWriter.open(dir, g)) {
            w.upsert(1, 1, w.newRecord().set(0, 1));
            Process a = child("wait", dir.toString(), "1", "2");
            Process b = child("wait", dir.toString(), "5", "55");
            try {
                awaitLine(lines(a), "READY");
                BufferedReader bOut = lines(b);
                awaitLine(bOut, "READY");
                w.upsert(1, 2, w.newRecord().set(0, 2));
                Path csv = dir.resolve("load.csv");
                Files.writeString(csv, "id,x\n5,55\n6,66\n");
                w.load(csv, LoadListener.NONE);
                assertTrue(a.waitFor(60, TimeUnit.SECONDS));
                assertTrue(b.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, a.exitValue(), "reader A saw the upsert");
                assertEquals(0, b.exitValue(), "reader B saw the bulk load's snapshot");
                assertTrue(awaitLine(bOut, "SAW").startsWith("SAW generation"));
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
        }
    }

    /**
     * Kills the writer with SIGKILL at random points of upserts and bulk loads, many times, while
     * this process reads: no read ever sees a torn record, every acknowledged upsert survives the
     * restart (unless a later bulk load was published, which replaces every row), and each
     * restarted writer recovers by itself.
     */
    @Test
    void sigkilledWritersLoseNothingAcknowledgedAndReadersNeverSeeATornRecord() throws Exception {
        FeatureGroup g = ChildMain.crashGroup();
        Path csv = dir.resolve("bulk.csv");
        StringBuilder text = new StringBuilder("id,event_time");
        for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
            text.append(",f").append(f);
        }
        text.append('\n');
        for (int id = 0; id < ChildMain.CRASH_IDS; id++) {
            text.append(id).append(",1");
            for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                text.append(',').append((int) ChildMain.expected(1, f));
            }
            text.append('\n');
        }
        Files.writeString(csv, text);
        FeatureWriter.open(dir, g, 1 << 20).close();

        Map<Long, Long> acked = new HashMap<>();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        Thread reader;
        Random random = new Random(42);
        try (FeatureStore store = FeatureStore.open(dir)) {
            FeatureSchema.Builder sb = FeatureSchema.builder();
            for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                sb.numeric("f" + f);
            }
            FeatureSchema schema = sb.build();
            reader = new Thread(() -> {
                try {
                    FeatureReader r = store.reader("crash", schema,
                            ReadOptions.defaults().lockTimeout(Duration.ofSeconds(60)).whenStale(Fill.RECORD));
                    FeatureVector v = schema.newVector();
                    Random ids = new Random(7);
                    while (!Thread.currentThread().isInterrupted()) {
                        if (r.read(ids.nextInt(ChildMain.CRASH_IDS), v) != ReadStatus.NOT_FOUND) {
                            long t = r.lastEventTimeMillis();
                            for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                                if (v.get(f) != ChildMain.expected(t, f)) {
                                    torn.incrementAndGet();
                                }
                            }
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    readerFailure.set(t);
                }
            });
            reader.setDaemon(true);
            reader.start();

            long seq = 1_000;
            int rounds = 10;
            int killed = 0;
            int killedUpserting = 0;
            for (int round = 0; round < rounds; round++) {
                boolean load = round % 3 == 1;
                Process p = load ? child("load", dir.toString(), csv.toString())
                        : child("upsert", dir.toString(), Long.toString(seq));
                BufferedReader out = lines(p);
                awaitLine(out, "OPEN");
                long killAfter = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(400));
                Thread killer = new Thread(() -> {
                    LockSupport.parkNanos(killAfter - System.nanoTime());
                    try {
                        // SIGKILL itself (Process.destroyForcibly would also close our end of its output).
                        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
                    } catch (IOException | InterruptedException e) {
                        p.destroyForcibly();
                    }
                });
                killer.start();
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("A ")) {
                        String[] parts = line.split(" ");
                        long id = Long.parseLong(parts[1]);
                        long s = Long.parseLong(parts[2]);
                        acked.merge(id, s, Math::max);
                        seq = Math.max(seq, s + 1);
                    }
                }
                killer.join();
                if (p.waitFor() != 0) {
                    killed++;
                    if (!load) {
                        killedUpserting++;
                    }
                }
                if (load && everyRecordIsLoaded(store, schema)) {
                    // A published load replaces every row (only upserts made while it ran are
                    // applied again): upserts acknowledged before it no longer count.
                    acked.clear();
                }
                seq += 1_000; // the killed writer may have journaled upserts it never acknowledged
            }

            try (FeatureWriter w = FeatureWriter.open(dir, g, 1 << 20)) {
                assertEquals(killed > 0, store.stats("crash").recoveries() > 0);
                FeatureReader r = store.reader("crash", schema, ReadOptions.defaults().whenStale(Fill.RECORD));
                FeatureVector v = schema.newVector();
                for (Map.Entry<Long, Long> e : acked.entrySet()) {
                    assertTrue(r.read(e.getKey(), v) != ReadStatus.NOT_FOUND, "acknowledged entity " + e.getKey());
                    assertTrue(r.lastEventTimeMillis() >= e.getValue(), "entity " + e.getKey() + " holds event "
                            + r.lastEventTimeMillis() + " but upsert " + e.getValue() + " was acknowledged");
                    for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                        assertEquals(ChildMain.expected(r.lastEventTimeMillis(), f), v.get(f));
                    }
                }
                // An upserting writer never closes, so each kill needs a recovery; a short load may
                // have finished and closed cleanly just before its kill.
                long recoveries = store.stats("crash").recoveries();
                assertTrue(recoveries >= killedUpserting && recoveries <= killed,
                        recoveries + " recoveries for " + killed + " kills");
                assertTrue(killed >= rounds / 2, "killed writers: " + killed);
            }
            reader.interrupt();
            reader.join(10_000);
        }
        if (readerFailure.get() != null) {
            throw new AssertionError("the reader failed", readerFailure.get());
        }
        assertEquals(0, torn.get(), "values inconsistent with their record's event time");
        assertTrue(acked.size() > 100, "acknowledged upserts: " + acked.size());
        assertTrue(reads.get() > 1_000, "reads: " + reads.get());
    }

    /**
     * The same with merging writers: merge {@code s} sets a third of the features to {@code s}
     * and keeps the rest, and bulk loads (rows of value 1, event time 1) come in between. No read
     * sees a record whose own merge's features disagree with its event time, and after the kills
     * every acknowledged merge's features are still there, or a newer merge's (a load that was
     * published replaces every row, so merges acknowledged before it no longer count).
     */
    @Test
    void sigkilledMergingWritersLoseNoAcknowledgedMerge() throws Exception {
        FeatureGroup g = ChildMain.crashGroup();
        Path csv = dir.resolve("bulk.csv");
        StringBuilder text = new StringBuilder("id,event_time");
        for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
            text.append(",f").append(f);
        }
        text.append('\n');
        for (int id = 0; id < ChildMain.CRASH_IDS; id++) {
            text.append(id).append(",1");
            text.append(",1".repeat(ChildMain.CRASH_FEATURES));
            text.append('\n');
        }
        Files.writeString(csv, text);
        FeatureWriter.open(dir, g, 1 << 20).close();

        long[][] acked = new long[ChildMain.CRASH_IDS][ChildMain.CRASH_FEATURES];
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        FeatureSchema.Builder sb = FeatureSchema.builder();
        for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
            sb.numeric("f" + f);
        }
        FeatureSchema schema = sb.build();
        Random random = new Random(43);
        int killed = 0;
        try (FeatureStore store = FeatureStore.open(dir)) {
            Thread reader = new Thread(() -> {
                try {
                    FeatureReader r = store.reader("crash", schema, ReadOptions.defaults()
                            .lockTimeout(Duration.ofSeconds(60)).whenStale(Fill.RECORD).whenAbsent(Fill.MISSING));
                    FeatureVector v = schema.newVector();
                    Random ids = new Random(8);
                    while (!Thread.currentThread().isInterrupted()) {
                        if (r.read(ids.nextInt(ChildMain.CRASH_IDS), v) != ReadStatus.NOT_FOUND
                                && !consistent(v, r.lastEventTimeMillis())) {
                            torn.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    readerFailure.set(t);
                }
            });
            reader.setDaemon(true);
            reader.start();

            long seq = 1_000;
            int rounds = 6;
            for (int round = 0; round < rounds; round++) {
                boolean load = round % 3 == 1;
                Process p = load ? child("load", dir.toString(), csv.toString())
                        : child("merge", dir.toString(), Long.toString(seq));
                BufferedReader out = lines(p);
                awaitLine(out, "OPEN");
                Thread killer = killLater(p, 50 + random.nextInt(400));
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("A ")) {
                        String[] parts = line.split(" ");
                        int id = Integer.parseInt(parts[1]);
                        long s = Long.parseLong(parts[2]);
                        for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                            if (ChildMain.mergeSets(s, f)) {
                                acked[id][f] = Math.max(acked[id][f], s);
                            }
                        }
                        seq = Math.max(seq, s + 1);
                    }
                }
                killer.join();
                if (p.waitFor() != 0) {
                    killed++;
                }
                if (load && everyRecordIsLoaded(store, schema)) {
                    for (long[] entity : acked) {
                        java.util.Arrays.fill(entity, 0);
                    }
                }
                seq += 1_000; // the killed writer may have journaled merges it never acknowledged
            }
            long ackedMerges = 0;
            try (FeatureWriter w = FeatureWriter.open(dir, g, 1 << 20)) {
                FeatureReader r = store.reader("crash", schema,
                        ReadOptions.defaults().whenStale(Fill.RECORD).whenAbsent(Fill.MISSING));
                FeatureVector v = schema.newVector();
                for (int id = 0; id < ChildMain.CRASH_IDS; id++) {
                    for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
                        if (acked[id][f] == 0) {
                            continue;
                        }
                        ackedMerges++;
                        assertTrue(r.read(id, v) != ReadStatus.NOT_FOUND, "entity " + id);
                        assertTrue(v.get(f) >= acked[id][f], "entity " + id + " f" + f + " holds " + v.get(f)
                                + " but merge " + acked[id][f] + " was acknowledged");
                        assertTrue(consistent(v, r.lastEventTimeMillis()), "entity " + id);
                    }
                }
            }
            reader.interrupt();
            reader.join(10_000);
            assertTrue(ackedMerges > 100, "acknowledged merged features: " + ackedMerges);
        }
        if (readerFailure.get() != null) {
            throw new AssertionError("the reader failed", readerFailure.get());
        }
        assertEquals(0, torn.get(), "records inconsistent with their event time");
        assertTrue(killed >= 3, "killed writers: " + killed);
        assertTrue(reads.get() > 1_000, "reads: " + reads.get());
    }

    /**
     * The merge test's invariant for a record of event time {@code t}: the features merge
     * {@code t} set hold {@code t}; every other present feature holds 1 (a loaded row) or the seq
     * of an earlier merge that sets it.
     */
    private static boolean consistent(FeatureVector v, long t) {
        for (int f = 0; f < ChildMain.CRASH_FEATURES; f++) {
            double x = v.get(f);
            if (t > 1 && ChildMain.mergeSets(t, f)) {
                if (x != t) {
                    return false;
                }
            } else if (!Double.isNaN(x) && x != 1 && (x > t || !ChildMain.mergeSets((long) x, f))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the live snapshot is the bulk file's (every record has its event time 1), so a load was published. */
    private static boolean everyRecordIsLoaded(FeatureStore store, FeatureSchema schema) {
        FeatureReader r = store.reader("crash", schema, ReadOptions.defaults().whenStale(Fill.RECORD));
        FeatureVector v = schema.newVector();
        for (int id = 0; id < ChildMain.CRASH_IDS; id++) {
            if (r.read(id, v) == ReadStatus.NOT_FOUND || r.lastEventTimeMillis() != 1) {
                return false;
            }
        }
        return true;
    }

    /** SIGKILLs {@code p} after {@code millis}, from a thread of its own. */
    private static Thread killLater(Process p, long millis) {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        Thread killer = new Thread(() -> {
            LockSupport.parkNanos(at - System.nanoTime());
            try {
                // SIGKILL itself (Process.destroyForcibly would also close our end of its output).
                new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
            } catch (IOException | InterruptedException e) {
                p.destroyForcibly();
            }
        });
        killer.start();
        return killer;
    }
}
