package dev.verdict.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's view of one group: the control file and the live snapshot, switched to a new
 * generation when the writer publishes one. Every reader thread of the process shares it. An
 * old snapshot is closed a grace period after the switch, so that a read still running on it
 * ends first.
 */
final class GroupView implements AutoCloseable {
    private static final long GRACE_NANOS = 60_000_000_000L;

    final Path dir;
    final ControlFile control;
    final FeatureGroup group;
    private volatile Snapshot live;
    private final List<Snapshot> retired = new ArrayList<>();
    private final List<Long> retiredAt = new ArrayList<>();
    private boolean closed;

    GroupView(Path dir) {
        this.dir = dir;
        this.control = ControlFile.open(dir, false);
        this.group = control.group();
        try {
            this.live = openLive();
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** The live snapshot: one volatile load of the generation word when nothing changed. */
    Snapshot current() {
        Snapshot s = live;
        if (control.get(ControlFile.GENERATION) != s.generation) {
            s = refresh();
        }
        return s;
    }

    private synchronized Snapshot refresh() {
        if (closed) {
            throw new FeatureStoreException("the feature store is closed");
        }
        Snapshot old = live;
        if (control.get(ControlFile.GENERATION) == old.generation) {
            return old;
        }
        Snapshot fresh = openLive();
        live = fresh;
        long now = System.nanoTime();
        for (int i = retired.size() - 1; i >= 0; i--) {
            if (now - retiredAt.get(i) > GRACE_NANOS) {
                retired.remove(i).close();
                retiredAt.remove(i);
            }
        }
        retired.add(old);
        retiredAt.add(now);
        return fresh;
    }

    /** Opens the generation the control file names, retrying if the writer publishes meanwhile. */
    private Snapshot openLive() {
        for (int attempt = 0; ; attempt++) {
            long generation = control.get(ControlFile.GENERATION);
            try {
                return Snapshot.open(dir, group, generation);
            } catch (CorruptStoreException e) {
                if (attempt >= 5 || control.get(ControlFile.GENERATION) == generation) {
                    throw e;
                }
            }
        }
    }

    GroupStats stats() {
        return stats(control, group, current());
    }

    static GroupStats stats(ControlFile control, FeatureGroup group, Snapshot s) {
        long size;
        try {
            size = Files.size(s.file);
        } catch (java.io.IOException e) {
            size = -1;
        }
        return new GroupStats(group.name(), s.generation, s.file, s.map.longSize(), size, group.recordBytes(),
                control.get(ControlFile.LAST_UPDATE), control.get(ControlFile.WRITER_STATE) != 0,
                control.get(ControlFile.LOAD_STATE) == 1, control.get(ControlFile.LOAD_DONE),
                control.get(ControlFile.LOAD_TOTAL), control.get(ControlFile.RECOVERIES));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Snapshot s : retired) {
            s.close();
        }
        retired.clear();
        live.close();
        control.close();
    }
}
