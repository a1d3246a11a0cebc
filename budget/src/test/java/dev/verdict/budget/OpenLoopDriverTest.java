package dev.verdict.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The driver keeps its schedule, charges waiting to the requests that waited, and counts bytes. */
class OpenLoopDriverTest {
    private static final OpenLoopDriver.Progress QUIET = (phase, s, total, n, p99) -> { };

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void keepsTheRateAndMeasuresAtLeastTheServiceTime() throws Exception {
        Load load = new Load(2_000, 2, Duration.ofMillis(300), Duration.ofSeconds(1));
        PathResult r = OpenLoopDriver.run("spin", thread -> sequence -> spin(20_000), load, QUIET);
        assertTrue(Math.abs(r.requests() - 2_000) <= 2, "requests " + r.requests());
        assertTrue(r.latencyAt(50) >= 20_000, "p50 " + r.latencyAt(50));
        assertTrue(r.serviceTime().getValueAtPercentile(50) >= 20_000);
        assertTrue(r.latencyAt(50) < 2_000_000, "p50 " + r.latencyAt(50));
    }

    /**
     * One request stalls for 100 ms at 1,000 requests/s: the ~100 requests scheduled meanwhile
     * start late, and their latency (from the intended start) shows it, while their service time
     * does not. A closed-loop measurement would record one slow request instead of a hundred.
     */
    @Test
    void aStallIsChargedToEveryRequestThatWaitedForIt() throws Exception {
        Load load = new Load(1_000, 1, Duration.ofMillis(200), Duration.ofSeconds(2));
        PathResult r = OpenLoopDriver.run("stall", thread -> sequence -> {
            if (sequence == 1_000) {
                spin(100_000_000);
            }
        }, load, QUIET);
        assertTrue(r.latencyAt(96) > 10_000_000, "the tail holds the waiting requests: p96 " + r.latencyAt(96));
        assertTrue(r.serviceTime().getValueAtPercentile(99) < 10_000_000, "service p99 "
                + r.serviceTime().getValueAtPercentile(99));
        assertTrue(r.late() >= 90, "late " + r.late());
        assertEquals(2_000, r.requests(), 2);
    }

    @Test
    void aPathTooSlowForTheRateEndsInTwiceTheRunAndCountsWhatNeverRan() throws Exception {
        Load load = new Load(1_000, 1, Duration.ZERO, Duration.ofSeconds(1));
        long start = System.nanoTime();
        PathResult r = OpenLoopDriver.run("slow", thread -> sequence -> spin(10_000_000), load, QUIET);
        assertTrue(System.nanoTime() - start < 3_500_000_000L, "bounded run");
        assertEquals(1_000, r.requests(), 2, "every scheduled request is in the histogram");
        assertTrue(r.abandoned() > 700, "abandoned " + r.abandoned());
        assertTrue(r.latencyAt(99) > 900_000_000L, "p99 " + r.latencyAt(99));
        assertTrue(new Limits(null, 1_000_000_000_000L, null, null, null).missed(r).get(0)
                .contains("never ran"));
    }

    @Test
    void countsTheBytesARequestAllocates() throws Exception {
        Load load = new Load(2_000, 1, Duration.ofMillis(300), Duration.ofMillis(700));
        long[] sink = new long[1];
        PathResult allocating = OpenLoopDriver.run("alloc", thread -> sequence -> {
            long[] garbage = new long[16]; // 16 + 128 bytes
            garbage[(int) (sequence & 15)] = sequence;
            sink[0] += garbage[3];
        }, load, QUIET);
        PathResult quiet = OpenLoopDriver.run("noop", thread -> sequence -> { }, load, QUIET);
        assertTrue(allocating.bytesPerRequest() >= 140 && allocating.bytesPerRequest() < 200,
                "B/op " + allocating.bytesPerRequest());
        assertEquals(0.0, quiet.bytesPerRequest(), 0.5, "the driver itself allocates nothing");
    }

    @Test
    void aFailingPathStopsTheRunWithItsError() {
        Load load = new Load(1_000, 2, Duration.ZERO, Duration.ofSeconds(5));
        IllegalStateException setup = assertThrows(IllegalStateException.class, () ->
                OpenLoopDriver.run("broken", thread -> { throw new IllegalArgumentException("no model"); },
                        load, QUIET));
        assertTrue(setup.getMessage().contains("failed to set up") && setup.getMessage().contains("no model"));
        long start = System.nanoTime();
        IllegalStateException during = assertThrows(IllegalStateException.class, () ->
                OpenLoopDriver.run("throws", thread -> sequence -> {
                    if (sequence == 10) {
                        throw new IllegalStateException("bad row");
                    }
                }, load, QUIET));
        assertTrue(during.getMessage().contains("bad row"));
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "stopped early");
    }
}
