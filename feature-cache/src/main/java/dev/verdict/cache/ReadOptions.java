package dev.verdict.cache;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link FeatureReader} fills the caller's vector when a record is missing, stale or lacks
 * a value (or whether a missing or stale record is an error instead), how long it waits for a
 * locked record, and whether it verifies record checksums. Immutable; each {@code with}-style
 * method returns a copy.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=readOptions}
 *
 * <p>By default a read never fails for want of data: an unknown entity is
 * {@link ReadStatus#NOT_FOUND} with its features filled (defaults, else missing), and a model
 * scores it like any other row unless the caller checks the status. Where that is wrong (an
 * underwriting decision must not be made on an applicant the store does not know), set
 * {@link #failIfNotFound()} and {@link #failIfStale()}: the read then throws before it touches
 * the vector.
 *
 * @param whenNotFound fill for an entity without a record (default {@link Fill#DEFAULTS})
 * @param whenStale fill for a record older than the group's maximum age (default {@link Fill#RECORD})
 * @param whenAbsent fill for a value a found record lacks (default {@link Fill#DEFAULTS})
 * @param lockTimeout how long a read waits for a record a writer holds (default 1 s)
 * @param verifyChecksums whether every read verifies the record's checksum (default true)
 * @param clock the clock ages are measured with (default the system clock)
 * @param failIfNotFound whether a read of an entity without a record throws
 *        {@link EntityNotFoundException} instead of returning {@link ReadStatus#NOT_FOUND} (default false)
 * @param failIfStale whether a read of a record older than the group's maximum age throws
 *        {@link StaleRecordException} instead of returning {@link ReadStatus#STALE} (default false)
 */
public record ReadOptions(Fill whenNotFound, Fill whenStale, Fill whenAbsent, Duration lockTimeout,
        boolean verifyChecksums, InstantSource clock, boolean failIfNotFound, boolean failIfStale) {
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

    /** {@return the defaults described on the record components} */
    public static ReadOptions defaults() {
        return new ReadOptions(Fill.DEFAULTS, Fill.RECORD, Fill.DEFAULTS, Duration.ofSeconds(1), true,
                InstantSource.system(), false, false);
    }

    /**
     * {@return a copy with it}
     *
     * @param fill the fill for missing entities
     */
    public ReadOptions whenNotFound(Fill fill) {
        return new ReadOptions(fill, whenStale, whenAbsent, lockTimeout, verifyChecksums, clock,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param fill the fill for stale records
     */
    public ReadOptions whenStale(Fill fill) {
        return new ReadOptions(whenNotFound, fill, whenAbsent, lockTimeout, verifyChecksums, clock,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param fill the fill for absent values of a found record
     */
    public ReadOptions whenAbsent(Fill fill) {
        return new ReadOptions(whenNotFound, whenStale, fill, lockTimeout, verifyChecksums, clock,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param timeout the longest wait for a locked record
     */
    public ReadOptions lockTimeout(Duration timeout) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, timeout, verifyChecksums, clock,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param verify whether reads verify checksums
     */
    public ReadOptions verifyChecksums(boolean verify) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verify, clock,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param source the clock ages are measured with
     */
    public ReadOptions clock(InstantSource source) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verifyChecksums, source,
                failIfNotFound, failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param fail whether reading an entity without a record throws {@link EntityNotFoundException}
     */
    public ReadOptions failIfNotFound(boolean fail) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verifyChecksums, clock, fail,
                failIfStale);
    }

    /**
     * {@return a copy with it}
     *
     * @param fail whether reading a record older than the group's maximum age throws {@link StaleRecordException}
     */
    public ReadOptions failIfStale(boolean fail) {
        return new ReadOptions(whenNotFound, whenStale, whenAbsent, lockTimeout, verifyChecksums, clock,
                failIfNotFound, fail);
    }
}
