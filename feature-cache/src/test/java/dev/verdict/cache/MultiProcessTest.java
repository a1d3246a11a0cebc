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
        command.add("-Dchronicle.analytics.disable=true");
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
     * restart, and each restarted writer recovers by itself.
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
}
