package dev.verdict.cache;

/** What an upsert or a merge did. */
public enum UpsertOutcome {
    /** The entity had no record; it has this one now. */
    INSERTED,
    /** The entity's record was older (or as old): an upsert replaced it, a merge changed it. */
    UPDATED,
    /** The entity already holds exactly what the write would leave (a replayed event): nothing changed. */
    UNCHANGED,
    /** The entity's record is newer than this event; the event is ignored. */
    IGNORED_OLDER
}
