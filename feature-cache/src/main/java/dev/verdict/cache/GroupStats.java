package dev.verdict.cache;

import java.nio.file.Path;

/**
 * A feature group's numbers for metrics and {@code verdict cache stats}.
 *
 * @param group the group's name
 * @param generation the live snapshot's generation (it changes with every load, checkpoint and recovery;
 *        a load publishes the number it reserved when it started)
 * @param snapshotFile the live snapshot's file
 * @param entries entities in the live snapshot
 * @param bytesMapped bytes of the live snapshot file (what readers map)
 * @param recordBytes bytes per record
 * @param lastUpdateMillis epoch ms of the last upsert or published load, 0 if none
 * @param writerOpen whether a writer holds the group (or died holding it and has not recovered)
 * @param loadRunning whether a bulk load is in progress
 * @param loadRowsDone rows the current or last load has written
 * @param loadRowsExpected rows the current or last load expects
 * @param recoveries how many times a writer recovered the group after a crash
 */
public record GroupStats(String group, long generation, Path snapshotFile, long entries, long bytesMapped,
        int recordBytes, long lastUpdateMillis, boolean writerOpen, boolean loadRunning, long loadRowsDone,
        long loadRowsExpected, long recoveries) {
}
