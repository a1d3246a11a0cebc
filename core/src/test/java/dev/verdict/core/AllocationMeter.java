package dev.verdict.core;

import java.lang.management.ManagementFactory;

/**
 * Counts bytes allocated by the current thread (HotSpot's TLAB accounting), for tests that prove
 * a path allocates nothing. A byte count, not a time: deterministic on a loaded machine.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** @return bytes allocated so far by the calling thread */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs {@code body} {@code warmups} times to let the JIT compile it, then measures
     * {@code iterations} runs, up to five times, and returns the smallest average. Taking the
     * smallest round discounts one-off events that are not the body's (a deoptimization
     * allocating a frame, a class loaded by the test harness), while any real per-call
     * allocation shows up in every round.
     *
     * @return bytes allocated per iteration, on average, in the quietest round
     */
    public static double bytesPerCall(int warmups, int iterations, Runnable body) {
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5 && best > 0; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < iterations; i++) {
                body.run();
            }
            best = Math.min(best, (double) (allocatedBytes() - before) / iterations);
        }
        return best;
    }
}
