package dev.verdict.cache;

/** Told how a bulk load is getting on, every 50,000 rows and at the end. */
@FunctionalInterface
public interface LoadListener {
    /** A listener that ignores progress. */
    LoadListener NONE = (done, expected) -> { };

    /**
     * Reports how far the load has got.
     *
     * @param rowsDone rows written so far
     * @param rowsExpected rows in the file (counted before the load)
     */
    void progress(long rowsDone, long rowsExpected);
}
