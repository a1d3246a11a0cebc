package dev.verdict.cache;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of the child JVMs the multi-process tests start: real processes sharing the
 * store's files with the test.
 *
 * <ul>
 * <li>{@code wait DIR ID VALUE}: reads entity ID of group "shared" until feature 0 equals VALUE
 * (switching snapshots as the writer publishes them), prints {@code SAW}, exits 0.
 * <li>{@code upsert DIR START}: opens the "crash" group for writing (recovering it if needed),
 * prints {@code OPEN}, then upserts forever; after each upsert returns it prints
 * {@code A id seq}. Killed by the test.
 * <li>{@code merge DIR START}: like {@code upsert}, but merges: merge {@code seq} sets the
 * features f with (f + seq) % 3 == 0 to {@code seq} and keeps the others; prints {@code A id seq}.
 * <li>{@code load DIR CSV}: opens the "crash" group and bulk-loads CSV; killed by the test.
 * <li>{@code start DIR}: writes, then reads, one record of a small group and prints {@code OK}
 * and the Chronicle properties; if the JVM flag check refuses, prints its message and exits 2.
 * </ul>
 */
public final class ChildMain {
    static final int CRASH_FEATURES = 24;
    static final int CRASH_IDS = 3_000;

    private ChildMain() {
    }

    static FeatureGroup crashGroup() {
        FeatureGroup.Builder b = FeatureGroup.builder("crash").capacity(CRASH_IDS * 2L);
        for (int i = 0; i < CRASH_FEATURES; i++) {
            b.float32("f" + i, Double.NaN);
        }
        return b.build();
    }

    /** The invariant every record of the crash test carries: feature i = (event time mod 2^20) + i. */
    static double expected(long eventTime, int feature) {
        return (eventTime & 0xFFFFF) + feature;
    }

    /** Whether merge {@code seq} of the merge test sets feature {@code f}. */
    static boolean mergeSets(long seq, int f) {
        return (f + seq) % 3 == 0;
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "wait" -> {
                long id = Long.parseLong(args[2]);
                double value = Double.parseDouble(args[3]);
                try (FeatureStore store = FeatureStore.open(dir)) {
                    FeatureSchema schema = FeatureSchema.builder().numeric("x").build();
                    FeatureReader reader = store.reader("shared", schema, ReadOptions.defaults());
                    FeatureVector v = schema.newVector();
                    out.println("READY");
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (System.nanoTime() < deadline) {
                        if (reader.read(id, v) != ReadStatus.NOT_FOUND && v.get(0) == value) {
                            out.println("SAW generation " + store.stats("shared").generation());
                            return;
                        }
                        Thread.onSpinWait();
                    }
                    out.println("TIMEOUT");
                    System.exit(3);
                }
            }
            case "upsert" -> {
                long seq = Long.parseLong(args[2]);
                try (FeatureWriter w = FeatureWriter.open(dir, crashGroup(), 1 << 20)) {
                    out.println("OPEN " + w.recovery());
                    FeatureRecord r = w.newRecord();
                    List<String> none = new ArrayList<>();
                    while (none.isEmpty()) {
                        long id = (seq * 2654435761L) % CRASH_IDS;
                        r.clear();
                        for (int f = 0; f < CRASH_FEATURES; f++) {
                            r.set(f, expected(seq, f));
                        }
                        w.upsert(id, seq, r);
                        out.println("A " + id + " " + seq);
                        seq++;
                    }
                }
            }
            case "merge" -> {
                long seq = Long.parseLong(args[2]);
                try (FeatureWriter w = FeatureWriter.open(dir, crashGroup(), 1 << 20)) {
                    out.println("OPEN " + w.recovery());
                    FeatureRecord r = w.newRecord();
                    List<String> none = new ArrayList<>();
                    while (none.isEmpty()) {
                        long id = (seq * 2654435761L) % CRASH_IDS;
                        r.clear();
                        for (int f = 0; f < CRASH_FEATURES; f++) {
                            if (mergeSets(seq, f)) {
                                r.set(f, seq);
                            }
                        }
                        w.merge(id, seq, r);
                        out.println("A " + id + " " + seq);
                        seq++;
                    }
                }
            }
            case "load" -> {
                try (FeatureWriter w = FeatureWriter.open(dir, crashGroup(), 1 << 20)) {
                    out.println("OPEN " + w.recovery());
                    w.load(Path.of(args[2]), (done, total) -> out.println("P " + done));
                    out.println("LOADED");
                }
            }
            case "start" -> {
                FeatureGroup g = FeatureGroup.builder("quiet").capacity(100).float32("x", Double.NaN).build();
                try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore store = FeatureStore.open(dir)) {
                    w.upsert(1, System.currentTimeMillis(), w.newRecord().set(0, 5));
                    FeatureSchema schema = FeatureSchema.builder().numeric("x").build();
                    FeatureVector v = schema.newVector();
                    store.reader("quiet", schema, ReadOptions.defaults()).read(1, v);
                    out.println("OK " + v.get(0));
                } catch (FeatureStoreException e) {
                    out.println(e.getMessage());
                    System.exit(2);
                }
                for (String p : List.of("chronicle.analytics.disable", "chronicle.announcer.disable")) {
                    out.println(p + "=" + System.getProperty(p));
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
