package dev.verdict.cache;

import java.nio.file.Path;
import java.util.List;

/**
 * What a bulk load did.
 *
 * @param rows data rows read
 * @param entities entities in the new snapshot
 * @param ignoredOlder rows not applied because the same entity had a newer row (or upsert)
 * @param generation the generation now live
 * @param snapshotFile the new live snapshot file
 * @param nanos how long the load took, publishing included
 * @param ignoredColumns header columns the group does not have, in file order, which the load
 *        skipped (empty for a strict load, which fails on them instead)
 */
public record LoadResult(long rows, long entities, long ignoredOlder, long generation, Path snapshotFile,
        long nanos, List<String> ignoredColumns) {
    /** Copies the column list. */
    public LoadResult {
        ignoredColumns = List.copyOf(ignoredColumns);
    }

    /** {@return rows per second} */
    public double rowsPerSecond() {
        return nanos == 0 ? 0 : rows * 1e9 / nanos;
    }
}
