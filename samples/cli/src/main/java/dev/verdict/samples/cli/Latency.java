package dev.verdict.samples.cli;

import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Single-call latency of a scoring function: warms it up, then records every call's duration in an
 * HdrHistogram (allocation-free) and counts the bytes the calling thread allocated.
 */
final class Latency {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    record Result(String name, Histogram histogram, double bytesPerCall, long calls) {
        double p50() {
            return histogram.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return histogram.getValueAtPercentile(99) / 1000.0;
        }

        double p999() {
            return histogram.getValueAtPercentile(99.9) / 1000.0;
        }

        double mean() {
            return histogram.getMean() / 1000.0;
        }
    }

    private Latency() {
    }

    /**
     * @param name what is measured
     * @param call scores row {@code i} (of {@code rows}, rotating)
     * @param rows how many distinct rows {@code call} takes
     * @param warmupNanos how long to warm up
     * @param measureNanos how long to measure
     */
    static Result measure(String name, IntConsumer call, int rows, long warmupNanos,
            long measureNanos) {
        long end = System.nanoTime() + warmupNanos;
        int i = 0;
        while (System.nanoTime() < end) {
            for (int k = 0; k < 100; k++) {
                call.accept(i++ % rows);
            }
        }
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        long calls = 0;
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        end = System.nanoTime() + measureNanos;
        while (true) {
            long t0 = System.nanoTime();
            call.accept(i++ % rows);
            long t1 = System.nanoTime();
            histogram.recordValue(t1 - t0);
            calls++;
            if (t1 >= end) {
                break;
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new Result(name, histogram, (double) allocated / calls, calls);
    }

    static void printTable(java.io.PrintStream out, Result... results) {
        out.printf("  %-24s %10s %10s %10s %10s %10s %12s%n", "", "p50", "p99", "p99.9", "mean",
                "B/op", "calls");
        for (Result r : results) {
            out.printf("  %-24s %8.2f µs %7.2f µs %7.2f µs %7.2f µs %10.0f %,12d%n", r.name(),
                    r.p50(), r.p99(), r.p999(), r.mean(), r.bytesPerCall(), r.calls());
        }
    }
}
