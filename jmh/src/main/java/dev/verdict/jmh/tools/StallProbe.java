package dev.verdict.jmh.tools;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How often this machine stalls a running thread, with no Verdict code involved: times millions
 * of calls of two plain loops, one that only computes (about 500 ns) and one that reads 432 random
 * bytes of a large on-heap array (the memory pattern of a feature-cache read), and prints their
 * percentiles and the share of calls slower than 10 µs. A call's chance of being hit grows with
 * its length, so the p99.9 of any sub-microsecond operation on a machine that stalls a few
 * thousand times a second is the stall, not the operation.
 *
 * <pre>
 * java -Xmx3g -cp jmh/target/benchmarks.jar dev.verdict.jmh.tools.StallProbe [array MB, default 654]
 * </pre>
 */
public final class StallProbe {
    private static final int CALLS = 5_000_000;

    private StallProbe() {
    }

    public static void main(String[] args) {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 654;
        long[] memory = new long[megabytes * 131_072];
        for (int i = 0; i < memory.length; i += 512) {
            memory[i] = i; // every page present before timing
        }
        long[] times = new long[CALLS];
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long x = round + 1;
            for (int i = 0; i < CALLS; i++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < 300; k++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                    x ^= x >>> 29;
                }
                times[i] = System.nanoTime() - t0;
            }
            sink += x;
            report("compute only", times);
            SplittableRandom random = new SplittableRandom(round);
            int records = memory.length / 54;
            for (int i = 0; i < CALLS; i++) {
                int base = random.nextInt(records) * 54;
                long t0 = System.nanoTime();
                long s = 0;
                for (int k = 0; k < 54; k++) {
                    s += memory[base + k] * (k | 1);
                }
                times[i] = System.nanoTime() - t0;
                sink += s;
            }
            report("random 432-byte reads over " + megabytes + " MB", times);
        }
        System.out.println("(" + (sink & 1) + ")");
    }

    private static void report(String what, long[] times) {
        long[] t = times.clone();
        Arrays.sort(t);
        int n = t.length;
        long slow = Arrays.stream(t).filter(v -> v > 10_000).count();
        System.out.printf("%-40s p50 %,d  p99 %,d  p99.9 %,d  p99.99 %,d ns; slower than 10 us: %.3f%% of calls%n",
                what, t[n / 2], t[(int) (n * 0.99)], t[(int) (n * 0.999)], t[(int) (n * 0.9999)], 100.0 * slow / n);
    }
}
