package dev.verdict.jmh;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.jmh.tools.CompiledTrees;
import dev.verdict.testing.XGBoostOracle;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The limit: Verdict's single-row margin against the same trees compiled to C by {@code gcc}
 * ({@link CompiledTrees}) and called through FFM, in the same JMH run. Same model, rows and
 * parameters as {@link XGBoostSingleRowBenchmark}: {@code trees} trees of depth {@code depth}
 * over 100 features, binary:logistic, 1,024 rotating rows with 10% missing.
 *
 * <ul>
 *   <li>{@code verdict}: {@code Scorer.score} on a filled {@code FeatureVector}, returning
 *       {@code ScoreBuffer.margin()} (the scorer also computes the sigmoid, a few ns).
 *   <li>{@code compiledC}: the nested if/else code, {@code float predict(const float*)}, called
 *       by a critical downcall on the row's {@code float[]} (a heap segment made at setup).
 *   <li>{@code compiledCArrays}: the array-walking variant, {@code predict_arrays}.
 *   <li>{@code compiledCInterleaved}: Verdict's algorithm transcribed to C,
 *       {@code predict_interleaved} (perfect-tree padding, branchless, 8 trees at a time).
 *   <li>{@code compiledCCopy}: as {@code compiledC}, but the row is first copied into a reused
 *       native segment (what a non-critical downcall would need).
 * </ul>
 *
 * Setup checks that the compiled margins equal Verdict's and XGBoost4J's bit for bit on 1,000
 * fresh rows, the 1,024 benchmark rows and 1,000 rows sitting on split thresholds, and throws
 * otherwise. {@code cflags} are the gcc flags ({@code -p cflags="-O3 -march=native"}).
 *
 * <p>Modes, threads and flags as in {@link XGBoostSingleRowBenchmark}: p50/p99/p99.9 from
 * {@code SampleTime}, mean and B/op from {@code AverageTime}, for every variant in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class CompiledTreesBenchmark {
    private static final int ROWS = 1024;
    private static final int CHECK_ROWS = 1000;

    // Call sites, so that the JIT sees the downcall handles as constants (an instance field's
    // handle would be invoked through a non-constant MethodHandle).
    private static final MethodType PREDICT_TYPE = MethodType.methodType(float.class, MemorySegment.class);
    private static final MutableCallSite IF_ELSE_SITE = new MutableCallSite(PREDICT_TYPE);
    private static final MutableCallSite ARRAYS_SITE = new MutableCallSite(PREDICT_TYPE);
    private static final MutableCallSite INTERLEAVED_SITE = new MutableCallSite(PREDICT_TYPE);
    private static final MethodHandle IF_ELSE = IF_ELSE_SITE.dynamicInvoker();
    private static final MethodHandle ARRAYS = ARRAYS_SITE.dynamicInvoker();
    private static final MethodHandle INTERLEAVED = INTERLEAVED_SITE.dynamicInvoker();

    @Param({"500"})
    public int trees;

    @Param({"6"})
    public int depth;

    @Param({"-O3"})
    public String cflags;

    private XGBoostOracle.NativeBooster oracle;
    private CompiledTrees compiled;
    private Scorer scorer;
    private FeatureVector[] vectors;
    private float[][] rows;
    private MemorySegment[] heapRows;
    private Arena arena;
    private MemorySegment nativeRow;
    private ScoreBuffer out;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Throwable {
        oracle = TreeModels.xgboost(trees, depth);
        // One model for both sides: the C is generated from the trees this load kept.
        Model model = CompiledTrees.load(oracle.ubj());
        scorer = model.newScorer();
        out = new ScoreBuffer(model.outputs());
        long t0 = System.nanoTime();
        compiled = CompiledTrees.compile(model, List.of(cflags.trim().split("\\s+")));
        System.out.printf("%n[CompiledTrees] gcc %s: %d trees compiled in %.1f s, %,d-byte library%n", cflags,
                compiled.treeCount(), (System.nanoTime() - t0) / 1e9, java.nio.file.Files.size(compiled.library()));
        IF_ELSE_SITE.setTarget(compiled.ifElseHandle());
        ARRAYS_SITE.setTarget(compiled.arraysHandle());
        INTERLEAVED_SITE.setTarget(compiled.interleavedHandle());
        MutableCallSite.syncAll(new MutableCallSite[] {IF_ELSE_SITE, ARRAYS_SITE, INTERLEAVED_SITE});

        rows = TreeModels.rows(ROWS, 77);
        vectors = new FeatureVector[ROWS];
        heapRows = new MemorySegment[ROWS];
        for (int r = 0; r < ROWS; r++) {
            vectors[r] = model.inputSchema().newVector();
            for (int f = 0; f < TreeModels.FEATURES; f++) {
                vectors[r].set(f, rows[r][f]);
            }
            heapRows[r] = MemorySegment.ofArray(rows[r]);
        }
        arena = Arena.ofShared();
        nativeRow = arena.allocate(ValueLayout.JAVA_FLOAT, TreeModels.FEATURES);

        // Bit-for-bit: compiled C (both variants) = Verdict = XGBoost4J, before timing anything.
        check("fresh", TreeModels.rows(CHECK_ROWS, 4242), model);
        check("benchmark", rows, model);
        check("threshold", compiled.thresholdRows(CHECK_ROWS, 4343), model);
    }

    private void check(String name, float[][] checkRows, Model model) throws Throwable {
        float[][] xgb = oracle.margins(checkRows);
        FeatureVector v = model.inputSchema().newVector();
        int mismatches = 0;
        String first = null;
        for (int r = 0; r < checkRows.length; r++) {
            for (int f = 0; f < checkRows[r].length; f++) {
                v.set(f, checkRows[r][f]);
            }
            scorer.score(v, out);
            float verdict = (float) out.margin();
            MemorySegment row = MemorySegment.ofArray(checkRows[r]);
            float c = (float) IF_ELSE.invokeExact(row);
            float ca = (float) ARRAYS.invokeExact(row);
            float ci = (float) INTERLEAVED.invokeExact(row);
            int bits = Float.floatToRawIntBits(xgb[r][0]);
            if (Float.floatToRawIntBits(c) != bits || Float.floatToRawIntBits(ca) != bits
                    || Float.floatToRawIntBits(ci) != bits || Float.floatToRawIntBits(verdict) != bits) {
                mismatches++;
                if (first == null) {
                    first = "row " + r + ": xgboost4j " + xgb[r][0] + ", verdict " + verdict + ", C if/else " + c
                            + ", C arrays " + ca + ", C interleaved " + ci + " " + Arrays.toString(checkRows[r]);
                }
            }
        }
        if (mismatches > 0) {
            throw new IllegalStateException(name + " rows, gcc " + cflags + ": " + mismatches + " of "
                    + checkRows.length + " margins differ; first: " + first);
        }
        System.out.printf("[CompiledTrees] %s rows: %d of %d margins bit-identical (C if/else, arrays, interleaved; Verdict; XGBoost4J)%n",
                name, checkRows.length, checkRows.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        IF_ELSE_SITE.setTarget(unbound());
        ARRAYS_SITE.setTarget(unbound());
        INTERLEAVED_SITE.setTarget(unbound());
        compiled.close();
        arena.close();
        oracle.close();
    }

    private static MethodHandle unbound() {
        return java.lang.invoke.MethodHandles.dropArguments(
                java.lang.invoke.MethodHandles.throwException(float.class, IllegalStateException.class)
                        .bindTo(new IllegalStateException("library unloaded")), 0, MemorySegment.class);
    }

    @Benchmark
    public double verdict() {
        int r = next++ & (ROWS - 1);
        scorer.score(vectors[r], out);
        return out.margin();
    }

    @Benchmark
    public float compiledC() throws Throwable {
        int r = next++ & (ROWS - 1);
        return (float) IF_ELSE.invokeExact(heapRows[r]);
    }

    @Benchmark
    public float compiledCArrays() throws Throwable {
        int r = next++ & (ROWS - 1);
        return (float) ARRAYS.invokeExact(heapRows[r]);
    }

    @Benchmark
    public float compiledCInterleaved() throws Throwable {
        int r = next++ & (ROWS - 1);
        return (float) INTERLEAVED.invokeExact(heapRows[r]);
    }

    @Benchmark
    public float compiledCCopy() throws Throwable {
        int r = next++ & (ROWS - 1);
        MemorySegment.copy(rows[r], 0, nativeRow, ValueLayout.JAVA_FLOAT, 0, TreeModels.FEATURES);
        return (float) IF_ELSE.invokeExact(nativeRow);
    }
}
