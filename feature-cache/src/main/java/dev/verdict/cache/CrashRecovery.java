package dev.verdict.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * Rebuilds the live generation into a new one: after a writer crash (the next writer does it,
 * alone, when it opens), and as a checkpoint when a journal fills. Either way it copies the live
 * snapshot, repairs the copy with Chronicle Map's recovery (which needs exclusive access, and
 * the copy is private, so readers keep the original open), drops records whose checksum fails
 * (writes the dead writer tore), replays the live journal (restoring the last journaled version
 * of a torn record) and publishes the result. See docs/feature-cache.md, "Crashes".
 * Called under the {@link Generations} monitor.
 */
final class CrashRecovery {
    private final Generations generations;
    private final OrderedWrites writes;

    CrashRecovery(Generations generations, OrderedWrites writes) {
        this.generations = generations;
        this.writes = writes;
    }

    /** Recovers after a writer died holding the group: {@code liveGeneration} is what it left live. */
    RecoveryReport recover(long liveGeneration) throws IOException {
        ControlFile control = generations.control;
        boolean interrupted = control.get(ControlFile.LOAD_STATE) == 1;
        // Whatever the dead writer was building (a load, a recovery) was never published.
        generations.dropUnpublished(liveGeneration);
        if (interrupted) {
            control.set(ControlFile.LOAD_STATE, 2);
        }
        RecoveryReport report = rebuild(liveGeneration, interrupted);
        control.set(ControlFile.RECOVERIES, control.get(ControlFile.RECOVERIES) + 1);
        return report;
    }

    /** Folds the live journal into a new generation. */
    void checkpoint() throws IOException {
        rebuild(generations.live().generation, false);
    }

    private RecoveryReport rebuild(long from, boolean interruptedLoad) throws IOException {
        FeatureGroup group = generations.group;
        Path dir = generations.dir;
        Path source = Snapshot.dataFile(dir, from);
        if (!Files.isRegularFile(source)) {
            throw new CorruptStoreException("snapshot " + source + " of the live generation is missing");
        }
        long to = generations.reserve();
        Path target = Snapshot.dataFile(dir, to);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        ChronicleMap<byte[], byte[]> map;
        try {
            map = Snapshot.builder(group, group.capacity()).recoverPersistedTo(target.toFile(), true, c -> { });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw new CorruptStoreException("cannot recover snapshot " + source + ": " + e.getMessage(), e);
        }
        Snapshot next = new Snapshot(to, target, map);
        long torn = dropTornRecords(map, group);
        long replayed = 0;
        Path journalPath = Snapshot.journalFile(dir, from);
        if (Files.exists(journalPath)) {
            Journal live = generations.journal();
            boolean isLive = live != null && live.file().equals(journalPath);
            try (Journal opened = isLive ? null : generations.openJournal(from)) {
                Journal journal = isLive ? live : opened;
                replayed = journal.entries();
                writes.replay(journal, map, false);
            }
        }
        generations.foldedJournal(from); // a running load must replay it too
        generations.publish(next, generations.openJournal(to));
        return new RecoveryReport(from, to, map.longSize(), torn, replayed, interruptedLoad);
    }

    /** Removes every record whose checksum fails: @return how many. */
    private static long dropTornRecords(ChronicleMap<byte[], byte[]> map, FeatureGroup group) {
        long[] torn = new long[1];
        int features = group.size();
        int bytes = group.recordBytes();
        for (int segment = 0; segment < map.segments(); segment++) {
            try (var ctx = map.segmentContext(segment)) {
                ctx.forEachSegmentEntry(e -> {
                    Data<byte[]> v = e.value();
                    if (v.size() != bytes
                            || !RecordLayout.checksumMatches(v.bytes().addressForRead(v.offset()), features)) {
                        e.doRemove();
                        torn[0]++;
                    }
                });
            }
        }
        return torn[0];
    }
}
