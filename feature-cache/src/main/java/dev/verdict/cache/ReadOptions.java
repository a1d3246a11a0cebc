package dev.verdict.cache;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link FeatureReader} fills the caller's vector when a record is missing, stale or lacks
 * a value, how long it waits for a locked record, and whether it verifies record checksums.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * {@snippet :
 * ReadOptions options = ReadOptions.defaults()
 *         .whenNotFound(Fill.DEFAULTS)
 *         .whenStale(Fill.MISSING);
 * }
 *
 * @param whenNotFound fill for an entity without a record (default {@link Fill#DEFAULTS})
 * @param whenStale fill for a record older than the group's maximum age (default {@link Fill#RECORD})
 * @param whenAbsent fill for a value a found record lacks (default {@link Fill#DEFAULTS})
 * @param lockTimeout how long a read waits for a record a writer holds (default 1 s)
 * @param verifyChecksums whether every read verifies the record's checksum (default true)
 * @param clock the clock ages are measured with (default the system clock)
 */
public record ReadOptions(Fill whenNotFound, Fill whenStale, Fill whenAbsent, Duration lockTimeout,
        boolean verifyChecksums, InstantSource clock) {
    /** Checks the choices. */
    public ReadOptions {
        Objects.requireNonNull(whenNotFound, "whenNotFound");
        Objects.requireNonNull(whenStale, "whenStale");
        Objects.requireNonNull(whenAbsent, "whenAbsent");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(clock, "clock");
        if (whenNotFound == Fill.RECORD || whenAbsent == Fill.RECORD) {
            throw new IllegalArgumentException("Fill.RECORD only applies to stale records");
        }
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must not be negative");
        }
    }

    /** @return the defaults described on the record components */
    public static ReadOptions defaults() {
        return new ReadOptions(Fill.DEFAULTS, Fill.RECORD, Fill.DEFAULTS, Duration.ofSeconds(1), true,
                InstantSource.system());
    }

    /** @param fill the fill for missing entities @return a copy with it */
    public ReadOptions whenNotFound(Fill fill) {
        return new ReadOptions(fill, whenStale, whenAbsent, lockTimeout, verifyChecksums, clock);
    }

    /** @param fill the fill for stale records @return a copy with it */
    public ReadOptions whenStale(Fill fill) {
        return new ReadOptions(whenNotFound, fill, whenAbsent, lockTimeout, verifyChecksums, clock);
    }

    /** @param fill the fill for absent values of a found record @return a copy with it */
    public ReadOptions whenAbsent(Fill fill) {
        return new ReadOptions(whenNotFound, whenStale, fill, lockTimeout, verifyChecksums, clock);
    }

    /** @param timeout the longest wait for a locked record @return a copy with it */
    public ReadOptions lockTimeout(Duration timeout) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, timeout, verifyChecksums, clock);
    }

    /** @param verify whether reads verify checksums @return a copy with it */
    public ReadOptions verifyChecksums(boolean verify) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verify, clock);
    }

    /** @param source the clock ages are measured with @return a copy with it */
    public ReadOptions clock(InstantSource source) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verifyChecksums, source);
    }
}
