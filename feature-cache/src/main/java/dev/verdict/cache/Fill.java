package dev.verdict.cache;

/** What a read writes into the caller's vector for features it has no fresh value for. */
public enum Fill {
    /** The stale record's own values (only for {@link ReadOptions#whenStale(Fill)}). */
    RECORD,
    /** Each feature's group default; missing (NaN) for a feature without one. */
    DEFAULTS,
    /** Missing (NaN): the model's missing-value handling decides. */
    MISSING,
    /** Nothing: the vector keeps what the caller put there. */
    UNCHANGED
}
