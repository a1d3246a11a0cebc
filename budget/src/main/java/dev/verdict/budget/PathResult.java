package dev.verdict.budget;

import org.HdrHistogram.Histogram;

/**
 * What a driven path measured: the latency of every measured request from its intended start
 * (what a caller waits, queueing included), the service time from its actual start, bytes
 * allocated per request, and how many requests started more than one interval late (the driver
 * could not keep the schedule: the path or the machine was too slow for the rate).
 *
 * @param name the path's name
 * @param load how it was driven
 * @param latency nanoseconds from intended start to end, per request
 * @param serviceTime nanoseconds from actual start to end, per request
 * @param requests measured requests
 * @param bytesPerRequest bytes allocated per measured request by the driver threads
 * @param late requests that started more than one interval after their intended start
 * @param abandoned requests never run because the path had fallen a whole run's length behind;
 *     their latency is what they had waited when the driver gave up (a lower bound)
 * @param achievedRate requests run per second of the measured duration
 */
public record PathResult(String name, Load load, Histogram latency, Histogram serviceTime,
        long requests, double bytesPerRequest, long late, long abandoned, double achievedRate) {

    /**
     * {@return the latency at a percentile, in nanoseconds}
     *
     * @param percentile from 0 to 100
     */
    public long latencyAt(double percentile) {
        return latency.getValueAtPercentile(percentile);
    }

    /** {@return the largest latency, in nanoseconds} */
    public long maxLatency() {
        return latency.getMaxValue();
    }
}
