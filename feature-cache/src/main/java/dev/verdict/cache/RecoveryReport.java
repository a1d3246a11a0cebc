package dev.verdict.cache;

/**
 * What a writer found and did when it opened a group whose previous writer died.
 *
 * @param fromGeneration the generation the dead writer left
 * @param toGeneration the recovered generation, now live
 * @param entities entities in the recovered snapshot
 * @param tornRecords records that failed their checksum and were dropped before the replay
 * @param replayedUpserts journal entries replayed
 * @param interruptedLoad whether a bulk load was cut short (its partial snapshot was discarded)
 */
public record RecoveryReport(long fromGeneration, long toGeneration, long entities, long tornRecords,
        long replayedUpserts, boolean interruptedLoad) {
}
