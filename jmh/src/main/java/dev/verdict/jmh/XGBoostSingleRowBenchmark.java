package dev.verdict.jmh;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.testing.XGBoostOracle;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
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
 * One row, one thread: Verdict's tree engine against XGBoost4J 3.4's cheapest single-row path
 * ({@code inplace_predict} on the row, no DMatrix), same model, same rows, same JVM. The model is
 * trained at setup: {@code trees} trees of depth {@code depth} over 100 features,
 * binary:logistic. Rows rotate through 1,024 held-out rows with 10% missing values so the branch
 * predictor cannot learn one path.
 *
 * <p>Two modes, each a trial (and a setup) of its own: {@code SampleTime}, because the latency a
 * request sees is a distribution, so JMH times single calls and reports p50/p99/p99.9 for both
 * sides; and {@code AverageTime} for the mean and B/op, which a sample run blurs (each sample also
 * times two clock reads, and JMH allocates its sample buffers on the benchmark thread).
 * {@code -bm sample} runs the sample trial alone. One benchmark thread; the forked JVM gets the flags in
 * {@link Fork} ({@code --enable-native-access=ALL-UNNAMED -Xmx2g}); {@code Ratios} prints them.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class XGBoostSingleRowBenchmark {
    private static final int ROWS = 1024;

    @Param({"500"})
    public int trees;

    @Param({"6"})
    public int depth;

    /**
     * {@code depthwise} (XGBoost's default), or {@code lossguide:L} for leaf-wise trees of L
     * leaves without a depth limit ({@code depth} is then unused), e.g.
     * {@code -p growth=lossguide:31}.
     */
    @Param({"depthwise"})
    public String growth;

    /**
     * How many of the 100 features are categorical (16 categories, partition-based splits; with
     * depthwise growth), e.g. {@code -p categorical=10}: categorical trees take the engine's
     * general walk, not the fused one.
     */
    @Param({"0"})
    public int categorical;

    private XGBoostOracle.NativeBooster oracle;
    private Booster booster;
    private Scorer scorer;
    private FeatureVector[] vectors;
    private float[][] rows;
    private ScoreBuffer out;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws XGBoostError {
        if (categorical > 0 && !growth.equals("depthwise")) {
            throw new IllegalArgumentException("categorical features are benchmarked with depthwise growth only");
        }
        oracle = growth.startsWith("lossguide:")
                ? TreeModels.xgboostLossguide(trees, Integer.parseInt(growth.substring("lossguide:".length())))
                : categorical > 0 ? TreeModels.xgboostCategorical(trees, depth, categorical)
                : TreeModels.xgboost(trees, depth);
        booster = oracle.booster();
        Model model = ModelLoader.load(oracle.ubj(), LoadOptions.defaults());
        scorer = model.newScorer();
        out = new ScoreBuffer(model.outputs());
        rows = TreeModels.rows(ROWS, 77, categorical);
        vectors = new FeatureVector[ROWS];
        for (int r = 0; r < ROWS; r++) {
            vectors[r] = model.inputSchema().newVector();
            for (int f = 0; f < TreeModels.FEATURES; f++) {
                vectors[r].set(f, rows[r][f]);
            }
        }
        // Same answers before timing anything.
        for (int r = 0; r < ROWS; r++) {
            scorer.score(vectors[r], out);
            float expected = booster.inplace_predict(rows[r], 1, TreeModels.FEATURES, Float.NaN)[0][0];
            if ((float) out.score() != expected) {
                throw new IllegalStateException("row " + r + ": verdict " + out.score() + ", xgboost " + expected);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        oracle.close();
    }

    @Benchmark
    public double verdict() {
        int r = next++ & (ROWS - 1);
        scorer.score(vectors[r], out);
        return out.score();
    }

    @Benchmark
    public float xgboost4j() throws XGBoostError {
        int r = next++ & (ROWS - 1);
        return booster.inplace_predict(rows[r], 1, TreeModels.FEATURES, Float.NaN)[0][0];
    }
}
