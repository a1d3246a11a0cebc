package dev.verdict.samples.underwriting.models;

import dev.verdict.core.ModelHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One model's folder and what has come of its files. The observations ({@link #seen}) belong to
 * the watcher's thread; everything request threads read is volatile or atomic.
 */
final class WatchedModel {
    /** A file's size and modification time: a change of either means new content. */
    record Stamp(long size, long modifiedMillis) {
    }

    /** A stamp, since when it has held, and whether a load of the file so stamped was tried. */
    static final class Observation {
        final Stamp stamp;
        final long sinceNanos;
        boolean attempted;

        Observation(Stamp stamp, long sinceNanos, boolean attempted) {
            this.stamp = stamp;
            this.sinceNanos = sinceNanos;
            this.attempted = attempted;
        }
    }

    final String name;
    final Path folder;
    final ModelHandle handle;
    /** Watcher thread only. */
    final Map<Path, Observation> seen = new HashMap<>();
    /** Every version published since start, so that a decision's version names its file. */
    final Map<Long, String> fileByVersion = new ConcurrentHashMap<>();
    final AtomicLong reloads = new AtomicLong();
    final AtomicLong rejections = new AtomicLong();
    /** Written by the watcher thread, read by request threads. */
    volatile ModelStatus.Serving serving;
    volatile ModelStatus.Rejection lastRejection;

    WatchedModel(String name, Path folder, ModelHandle handle) {
        this.name = name;
        this.folder = folder;
        this.handle = handle;
    }

    ModelStatus status() {
        return new ModelStatus(name, folder.toString(), serving, reloads.get(), rejections.get(),
                lastRejection);
    }

    long servingVersion() {
        ModelStatus.Serving s = serving;
        return s == null ? 0 : s.version();
    }
}
