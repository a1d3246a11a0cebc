package dev.verdict.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard and how long a path is driven: a fixed total request rate spread over threads, a
 * warm-up whose latencies are not kept, then the measured duration.
 *
 * @param ratePerSecond requests per second, all threads together
 * @param threads driver threads; each starts a request every {@code threads / rate} seconds
 * @param warmup driven at the same rate, not measured (lets the JIT compile the path)
 * @param duration measured
 */
public record Load(double ratePerSecond, int threads, Duration warmup, Duration duration) {

    /** Validates the load. */
    public Load {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (!(ratePerSecond > 0) || ratePerSecond > 10_000_000) {
            throw new IllegalArgumentException("rate must be between 0 and 10,000,000 requests/s, got "
                    + ratePerSecond);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("warm-up must not be negative and duration must be positive");
        }
    }

    /** {@return the time between two requests of one thread, in nanoseconds} */
    public double intervalNanos() {
        return threads * 1e9 / ratePerSecond;
    }

    @Override
    public String toString() {
        return String.format("%,.0f req/s on %d thread%s, %s warm-up + %s", ratePerSecond, threads,
                threads == 1 ? "" : "s", Durations.format(warmup), Durations.format(duration));
    }
}
