package dev.verdict.budget;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Drives a {@link RequestPath} open loop at a fixed rate, as wrk2 drives an HTTP server: every
 * request has an intended start time on a fixed schedule, and its latency is measured from that
 * time, not from when it actually started. A request that waits behind a slow one is therefore
 * charged the wait (coordinated omission corrected), which a closed-loop benchmark such as JMH
 * does not see. Each thread records into its own HdrHistogram {@link SingleWriterRecorder}
 * (wait-free, allocation-free); a collector thread harvests the interval histograms once a second
 * for the progress line and the totals.
 *
 * <p>Between requests a thread parks until shortly before the next intended start, then spins, so
 * the threads neither burn the machine's cores nor add the scheduler's wake-up delay to every
 * request (on Linux the driver threads also give up the kernel's 50 µs timer slack, see
 * {@link TimerSlack}). Bytes allocated per request are counted per driver thread
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}) over the measured requests only.
 *
 * {@snippet class=dev.verdict.budget.Snippets region=drive}
 */
public final class OpenLoopDriver {
    /** Latencies above this are recorded as this (a stalled VM, a debugger): one minute. */
    static final long HIGHEST_NANOS = 60_000_000_000L;
    /**
     * Park until this long before the next start, then spin: covers the park's wake-up delay (a
     * scheduler's wake-up on a VM, with the timer slack at 1 ns; see {@link TimerSlack}).
     */
    private static final long SPIN_NANOS = 100_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Told once a second how the run goes. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Reports progress.
         *
         * @param phase "warm-up" or "measure"
         * @param elapsedSeconds seconds into the phase
         * @param phaseSeconds the phase's length
         * @param requests requests measured so far
         * @param p99Nanos the p99 of the measured requests so far (0 during warm-up)
         */
        void update(String phase, double elapsedSeconds, double phaseSeconds, long requests,
                long p99Nanos);
    }

    private OpenLoopDriver() {
    }

    /**
     * Drives {@code path} and measures it.
     *
     * @param name the path's name, for the result
     * @param path the path
     * @param load rate, threads, warm-up and duration
     * @param progress told once a second; {@code (phase, s, total, n, p99) -> {}} for silence
     * @return the measured latencies
     * @throws IllegalStateException if the path fails to set up or a request throws (the first
     *     failure is the cause; the run stops)
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static PathResult run(String name, RequestPath path, Load load, Progress progress)
            throws InterruptedException {
        int threads = load.threads();
        double interval = load.intervalNanos();
        SingleWriterRecorder[] latency = new SingleWriterRecorder[threads];
        SingleWriterRecorder[] service = new SingleWriterRecorder[threads];
        long[] requests = new long[threads];
        long[] bytes = new long[threads];
        long[] late = new long[threads];
        long[] abandoned = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        RequestPath.Request[] perThread = new RequestPath.Request[threads];
        for (int t = 0; t < threads; t++) {
            latency[t] = new SingleWriterRecorder(HIGHEST_NANOS, 3);
            service[t] = new SingleWriterRecorder(HIGHEST_NANOS, 3);
        }
        long warmupNanos = load.warmup().toNanos();
        long measureNanos = load.duration().toNanos();
        long[] startAt = new long[1];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().name("budget-" + name + "-" + t).daemon().start(() -> {
                TimerSlack.minimizeForThisThread();
                try {
                    perThread[thread] = path.newRequest(thread);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                    done.countDown();
                    return;
                }
                ready.countDown();
                try {
                    go.await();
                    drive(perThread[thread], startAt[0] + (long) (thread * interval / threads),
                            interval, startAt[0] + warmupNanos, startAt[0] + warmupNanos + measureNanos,
                            latency[thread], service[thread], requests, bytes, late, abandoned,
                            thread, failure);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }));
        }
        ready.await();
        if (failure.get() != null) {
            throw new IllegalStateException("path '" + name + "' failed to set up: " + failure.get(),
                    failure.get());
        }
        // Start a little ahead, so that every thread is waiting for its first start.
        startAt[0] = System.nanoTime() + 10_000_000;
        go.countDown();
        Histogram totalLatency = new Histogram(HIGHEST_NANOS, 3);
        Histogram totalService = new Histogram(HIGHEST_NANOS, 3);
        // Interval histograms go back to the recorder that made them, one pair per thread.
        Histogram[] recycleLatency = new Histogram[threads];
        Histogram[] recycleService = new Histogram[threads];
        long measureStart = startAt[0] + warmupNanos;
        long end = measureStart + measureNanos;
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (failure.get() != null) {
                break;
            }
            long now = System.nanoTime();
            boolean measuring = now >= measureStart;
            for (int t = 0; t < threads; t++) {
                recycleLatency[t] = latency[t].getIntervalHistogram(recycleLatency[t]);
                recycleService[t] = service[t].getIntervalHistogram(recycleService[t]);
                totalLatency.add(recycleLatency[t]);
                totalService.add(recycleService[t]);
            }
            if (measuring) {
                progress.update("measure", Math.min(now, end) / 1e9 - measureStart / 1e9,
                        measureNanos / 1e9, totalLatency.getTotalCount(),
                        totalLatency.getValueAtPercentile(99));
            } else {
                progress.update("warm-up", (now - startAt[0]) / 1e9, warmupNanos / 1e9, 0, 0);
            }
        }
        done.await();
        if (failure.get() != null) {
            for (Thread w : workers) {
                w.interrupt();
            }
            throw new IllegalStateException("path '" + name + "' failed: " + failure.get(),
                    failure.get());
        }
        for (int t = 0; t < threads; t++) {
            totalLatency.add(latency[t].getIntervalHistogram());
            totalService.add(service[t].getIntervalHistogram());
        }
        long n = 0;
        long b = 0;
        long behind = 0;
        long notRun = 0;
        for (int t = 0; t < threads; t++) {
            n += requests[t];
            b += bytes[t];
            behind += late[t];
            notRun += abandoned[t];
        }
        long ran = n - notRun;
        return new PathResult(name, load, totalLatency, totalService, n,
                ran == 0 ? 0 : (double) b / ran, behind, notRun, ran / (measureNanos / 1e9));
    }

    /**
     * One thread's loop: warm-up requests run on the same schedule but are not recorded; measured
     * ones are recorded from their intended start (latency) and from their actual start (service
     * time).
     */
    private static void drive(RequestPath.Request request, long first, double interval,
            long measureStart, long end, SingleWriterRecorder latency, SingleWriterRecorder service,
            long[] requests, long[] bytes, long[] late, long[] abandoned, int thread,
            AtomicReference<Throwable> failure) {
        long count = 0;
        long measured = 0;
        long allocatedAtStart = -1;
        // A path too slow for the rate falls ever further behind; it may catch up for as long again
        // as the measured time, then the requests still waiting are recorded with what they have
        // waited so far (a lower bound) instead of being run, so a run ends in at most twice its
        // length and the histogram still holds every scheduled request.
        long giveUp = end + (end - measureStart);
        for (long k = 0; ; k++) {
            long intended = first + (long) (k * interval);
            if (intended >= end || failure.get() != null) {
                break;
            }
            long now = System.nanoTime();
            if (now > giveUp) {
                if (intended >= measureStart) {
                    latency.recordValue(Math.min(now - intended, HIGHEST_NANOS));
                    measured++;
                    late[thread]++;
                    abandoned[thread]++;
                }
                continue;
            }
            long wait = intended - now;
            if (wait > SPIN_NANOS) {
                LockSupport.parkNanos(wait - SPIN_NANOS);
            }
            while ((now = System.nanoTime()) < intended) {
                Thread.onSpinWait();
            }
            boolean measuring = intended >= measureStart;
            if (measuring && allocatedAtStart < 0) {
                allocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
            }
            request.run(count++);
            long finished = System.nanoTime();
            if (measuring) {
                latency.recordValue(Math.min(finished - intended, HIGHEST_NANOS));
                service.recordValue(Math.min(finished - now, HIGHEST_NANOS));
                measured++;
                if (now - intended > interval) {
                    late[thread]++;
                }
            }
        }
        if (allocatedAtStart >= 0) {
            bytes[thread] = THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart;
        }
        requests[thread] = measured;
    }
}
