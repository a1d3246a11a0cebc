package dev.verdict.cache;

/** What an upsert did. */
public enum UpsertOutcome {
    /** The entity had no record; it has this one now. */
    INSERTED,
    /** The entity's record was older (or as old) and is replaced. */
    UPDATED,
    /** The entity already holds exactly this record: a replayed event, nothing changed. */
    UNCHANGED,
    /** The entity's record is newer than this event; the event is ignored. */
    IGNORED_OLDER
}
