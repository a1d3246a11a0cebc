package dev.verdict.cache;

/**
 * The writer's streaming writes: each record is stamped with its event time and checksum,
 * appended to the live generation's journal (acknowledged once the committed length covers it),
 * and only then written into the live snapshot. A full journal is folded into a new generation
 * first (a checkpoint). An upsert journals the record it was given; a merge journals the record
 * it produced from the stored one, with its mask, under the entry's lock. Called under the
 * {@link Generations} monitor.
 */
final class Upserts {
    private final Generations generations;
    private final OrderedWrites writes;
    private final Runnable checkpoint;
    private final KeyBuffer key;

    /**
     * @param checkpoint folds the live journal into a new generation (what the writer does when
     *        a journal is full)
     */
    Upserts(Generations generations, OrderedWrites writes, Runnable checkpoint) {
        this.generations = generations;
        this.writes = writes;
        this.checkpoint = checkpoint;
        this.key = new KeyBuffer(generations.group.maxKeyBytes());
    }

    UpsertOutcome upsert(long entityId, long eventTimeMillis, FeatureRecord record) {
        return write(key.setLong(entityId), eventTimeMillis, record);
    }

    /** @throws IllegalArgumentException if the id is empty or longer than the group's key limit */
    UpsertOutcome upsert(CharSequence entityId, long eventTimeMillis, FeatureRecord record) {
        return write(stringKey(entityId), eventTimeMillis, record);
    }

    UpsertOutcome merge(long entityId, long eventTimeMillis, FeatureRecord record) {
        return merge(key.setLong(entityId), eventTimeMillis, record);
    }

    /** @throws IllegalArgumentException if the id is empty or longer than the group's key limit */
    UpsertOutcome merge(CharSequence entityId, long eventTimeMillis, FeatureRecord record) {
        return merge(stringKey(entityId), eventTimeMillis, record);
    }

    private UpsertOutcome merge(int keyLength, long eventTimeMillis, FeatureRecord record) {
        // Room first: a checkpoint cannot run once the merge holds the entry's lock.
        if (!generations.journal().hasRoom(keyLength, true)) {
            checkpoint.run();
            if (!generations.journal().hasRoom(keyLength, true)) {
                throw new FeatureStoreException("the upsert journal cannot hold even one record");
            }
        }
        UpsertOutcome outcome = writes.merge(generations.live().map, key.store, key.address, keyLength,
                eventTimeMillis, record.address(), record.maskAddress(), generations.journal());
        generations.control.set(ControlFile.LAST_UPDATE, System.currentTimeMillis());
        return outcome;
    }

    private int stringKey(CharSequence entityId) {
        int length = key.setString(entityId);
        if (length < 0) {
            throw new IllegalArgumentException("entity id must be 1 to " + generations.group.maxKeyBytes()
                    + " UTF-8 bytes: '" + entityId + "'");
        }
        return length;
    }

    private UpsertOutcome write(int keyLength, long eventTimeMillis, FeatureRecord record) {
        record.seal(eventTimeMillis);
        if (!generations.journal().append(key.address, keyLength, record.address(), 0)) {
            checkpoint.run();
            if (!generations.journal().append(key.address, keyLength, record.address(), 0)) {
                throw new FeatureStoreException("the upsert journal cannot hold even one record");
            }
        }
        UpsertOutcome outcome = writes.apply(generations.live().map, key.store, keyLength, record);
        generations.control.set(ControlFile.LAST_UPDATE, System.currentTimeMillis());
        return outcome;
    }
}
