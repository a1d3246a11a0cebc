package dev.verdict.jmh;

import dev.verdict.core.ThreadOwner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The session's owner check by itself ({@link ThreadOwner#check()}: one volatile load compared
 * with {@code Thread.currentThread()}), against the same call without it ({@code baseline}: read
 * a field and return it). {@link ScoringSessionBenchmark} measures the whole session path, where a
 * nanosecond is below what a loaded machine resolves; this bounds the check's share of it. One
 * thread, which owns the check's object from the first call; AverageTime, since a sample's clock
 * reads would cost more than the check; no JVM flags beyond the heap size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class ThreadOwnerBenchmark {
    private final ThreadOwner owner = new ThreadOwner("ThreadOwnerBenchmark");
    private Object payload = new Object();

    @Benchmark
    public Object baseline() {
        return payload;
    }

    @Benchmark
    public Object ownerCheck() {
        owner.check();
        return payload;
    }
}
