package dev.verdict.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A writer's view of its group's generations: the live snapshot and its journal, the numbers
 * handed to new generations, which files to keep, and the switch that makes a new generation
 * live. Every generation is a pair of files, {@code data-<g>.cm} and {@code journal-<g>.log}.
 *
 * <p>It is also the writer's lock: every change to what is live (an upsert, a checkpoint, the
 * end of a load, closing) happens while holding this object's monitor.
 */
final class Generations implements AutoCloseable {
    private static final Pattern GENERATION_FILE = Pattern.compile("(data|journal)-(\\d+)\\.(cm|log)");

    final Path dir;
    final FeatureGroup group;
    final ControlFile control;
    final long journalBytes;
    private Snapshot live;
    private Journal journal;
    private long highest;
    private long previous = -1;
    /** The generation a running load is building, or -1: its files must survive publishes meanwhile. */
    private long loading = -1;
    /** Generations whose journals a checkpoint folded away while a load ran: the load replays them too. */
    private final List<Long> foldedDuringLoad = new ArrayList<>();
    private boolean closed;

    Generations(Path dir, FeatureGroup group, ControlFile control, long journalBytes) throws IOException {
        this.dir = dir;
        this.group = group;
        this.control = control;
        this.journalBytes = journalBytes;
        this.highest = Math.max(control.get(ControlFile.GENERATION), highestExisting(dir));
    }

    /** Creates generation 1 of a new group, and then its control file, which makes the group exist. */
    static void createGroup(Path dir, FeatureGroup group, long journalBytes) throws IOException {
        deleteAllBut(dir, -1, Set.of());
        try (Snapshot first = Snapshot.create(dir, group, 1, group.capacity());
                Journal j = Journal.open(Snapshot.journalFile(dir, 1), journalBytes, group.size())) {
            j.force();
        }
        ControlFile.create(dir, group, 1);
    }

    /** After a clean close: drops files of other generations and opens {@code generation} as live. */
    void openLive(long generation) throws IOException {
        deleteAllBut(dir, generation, Set.of());
        live = Snapshot.open(dir, group, generation);
        journal = openJournal(generation);
    }

    /** After a crash: drops whatever the dead writer was building (never published). */
    void dropUnpublished(long liveGeneration) throws IOException {
        deleteAllBut(dir, liveGeneration, Set.of());
        highest = Math.max(liveGeneration, highestExisting(dir));
    }

    Journal openJournal(long generation) throws IOException {
        return Journal.open(Snapshot.journalFile(dir, generation), journalBytes, group.size());
    }

    /** {@return the live snapshot (null only while a recovery at open builds the first one)} */
    Snapshot live() {
        return live;
    }

    /** {@return the live snapshot's journal} */
    Journal journal() {
        return journal;
    }

    /** {@return a generation number no file has used} */
    long reserve() {
        return ++highest;
    }

    void beginLoad(long generation) {
        loading = generation;
    }

    /** Notes that a checkpoint folded generation {@code from}'s journal while a load runs. */
    void foldedJournal(long from) {
        if (loading >= 0) {
            foldedDuringLoad.add(from);
        }
    }

    /** {@return the generations whose journals were folded during the running load} */
    List<Long> foldedDuringLoad() {
        return foldedDuringLoad;
    }

    void endLoad() {
        loading = -1;
        foldedDuringLoad.clear();
    }

    boolean isClosed() {
        return closed;
    }

    /** Makes {@code next} live: one volatile store of the generation word switches every reader. */
    void publish(Snapshot next, Journal nextJournal) throws IOException {
        Snapshot old = live;
        Journal oldJournal = journal;
        live = next;
        journal = nextJournal;
        nextJournal.force();
        control.set(ControlFile.GENERATION, next.generation);
        control.set(ControlFile.LAST_UPDATE, System.currentTimeMillis());
        control.force();
        if (old != null) {
            old.close();
            previous = old.generation;
        }
        if (oldJournal != null) {
            oldJournal.close();
        }
        // A reader that read the old generation number just before the switch may still be
        // opening its file: keep the previous generation until the next switch.
        Set<Long> keep = new HashSet<>(foldedDuringLoad);
        keep.add(previous);
        keep.add(loading);
        deleteAllBut(dir, next.generation, keep);
    }

    /** Closes the live snapshot and journal (forced to the file); nothing can be published after. */
    @Override
    public void close() {
        closed = true;
        live.close();
        journal.force();
        journal.close();
    }

    static long highestExisting(Path dir) throws IOException {
        long max = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = GENERATION_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Long.parseLong(m.group(2)));
                }
            }
        }
        return max;
    }

    /** Deletes data and journal files of every generation but {@code keep} and {@code alsoKeep}. */
    private static void deleteAllBut(Path dir, long keep, Set<Long> alsoKeep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = GENERATION_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long g = Long.parseLong(m.group(2));
                    if (g != keep && !alsoKeep.contains(g)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
