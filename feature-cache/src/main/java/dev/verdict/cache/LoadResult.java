package dev.verdict.cache;

import java.nio.file.Path;

/**
 * What a bulk load did.
 *
 * @param rows data rows read
 * @param entities entities in the new snapshot
 * @param ignoredOlder rows not applied because the same entity had a newer row (or upsert)
 * @param generation the generation now live
 * @param snapshotFile the new live snapshot file
 * @param nanos how long the load took, publishing included
 */
public record LoadResult(long rows, long entities, long ignoredOlder, long generation, Path snapshotFile,
        long nanos) {
    /** @return rows per second */
    public double rowsPerSecond() {
        return nanos == 0 ? 0 : rows * 1e9 / nanos;
    }
}
