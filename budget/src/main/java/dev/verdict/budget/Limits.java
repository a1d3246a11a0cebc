package dev.verdict.budget;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits of one path's budget; a null limit is not checked.
 *
 * @param p50Nanos the most the median latency may be
 * @param p99Nanos the most the 99th percentile may be
 * @param p999Nanos the most the 99.9th percentile may be
 * @param maxNanos the most the largest latency may be
 * @param bytesPerRequest the most bytes a request may allocate
 */
public record Limits(Long p50Nanos, Long p99Nanos, Long p999Nanos, Long maxNanos,
        Double bytesPerRequest) {

    /**
     * {@return each limit the result exceeds, with by how much; empty when the budget holds}
     *
     * @param result a measured path
     */
    public List<String> missed(PathResult result) {
        List<String> missed = new ArrayList<>();
        check(missed, "p50", p50Nanos, result.latencyAt(50));
        check(missed, "p99", p99Nanos, result.latencyAt(99));
        check(missed, "p99.9", p999Nanos, result.latencyAt(99.9));
        check(missed, "max", maxNanos, result.maxLatency());
        if (bytesPerRequest != null && result.bytesPerRequest() > bytesPerRequest + 0.5) {
            missed.add(String.format("B/op %.1f > %.1f", result.bytesPerRequest(), bytesPerRequest));
        }
        if (result.requests() == 0) {
            missed.add("no request was measured");
        }
        if (result.abandoned() > 0) {
            missed.add(String.format("%,d requests never ran (the path fell a whole run behind)",
                    result.abandoned()));
        }
        return missed;
    }

    private static void check(List<String> missed, String what, Long limit, long value) {
        if (limit != null && value > limit) {
            missed.add(String.format("%s %s > %s (+%.0f%%)", what, Durations.nanos(value),
                    Durations.nanos(limit), 100.0 * (value - limit) / limit));
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (p50Nanos != null) {
            parts.add("p50 ≤ " + Durations.nanos(p50Nanos));
        }
        if (p99Nanos != null) {
            parts.add("p99 ≤ " + Durations.nanos(p99Nanos));
        }
        if (p999Nanos != null) {
            parts.add("p99.9 ≤ " + Durations.nanos(p999Nanos));
        }
        if (maxNanos != null) {
            parts.add("max ≤ " + Durations.nanos(maxNanos));
        }
        if (bytesPerRequest != null) {
            parts.add(String.format("B/op ≤ %.0f", bytesPerRequest));
        }
        return parts.isEmpty() ? "no limits" : String.join(", ", parts);
    }
}
