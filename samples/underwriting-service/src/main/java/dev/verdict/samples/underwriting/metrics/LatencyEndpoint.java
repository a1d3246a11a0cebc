package dev.verdict.samples.underwriting.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/latency}: exact percentiles of {@code Decider.decide} since the last reset,
 * from an HdrHistogram (3 significant digits), for a load test to put beside the HTTP client's
 * numbers. {@code DELETE} starts a new interval; {@code GET} reads it.
 */
@Component
@Endpoint(id = "latency")
public final class LatencyEndpoint {
    private final ServiceMetrics metrics;

    /**
     * Reads the service's recorder.
     *
     * @param metrics the service's meters
     */
    public LatencyEndpoint(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@return decisions counted and their latency percentiles in microseconds} */
    @ReadOperation
    public Map<String, Object> read() {
        Histogram h = metrics.decisionLatency();
        Map<String, Object> decide = new LinkedHashMap<>();
        decide.put("count", h.getTotalCount());
        decide.put("p50Micros", micros(h.getValueAtPercentile(50)));
        decide.put("p90Micros", micros(h.getValueAtPercentile(90)));
        decide.put("p99Micros", micros(h.getValueAtPercentile(99)));
        decide.put("p999Micros", micros(h.getValueAtPercentile(99.9)));
        decide.put("maxMicros", micros(h.getMaxValue()));
        decide.put("meanMicros", Math.round(h.getMean() / 10.0) / 100.0);
        return Map.of("decide", decide);
    }

    /** Starts a new interval. */
    @DeleteOperation
    public void reset() {
        metrics.resetDecisionLatency();
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 10.0) / 100.0;
    }
}
