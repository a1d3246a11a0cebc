package dev.verdict.jmh;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBatch;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batch of 1,000 rows, one thread, reported per row: Verdict's {@code scoreBatch} against
 * XGBoost4J's {@code inplace_predict} on the whole batch ({@code nthread=1}), same 500-tree,
 * depth-6, 100-feature binary:logistic model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class XGBoostBatchBenchmark {
    private static final int ROWS = 1_000;

    private XGBoostOracle.NativeBooster oracle;
    private Booster booster;
    private Scorer scorer;
    private FeatureBatch batch;
    private ScoreBatch out;
    private float[] flat;

    @Setup(Level.Trial)
    public void setup() {
        oracle = TreeModels.xgboost(500, 6);
        booster = oracle.booster();
        Model model = ModelLoader.load(oracle.ubj(), LoadOptions.defaults());
        scorer = model.newScorer();
        float[][] rows = TreeModels.rows(ROWS, 78);
        batch = model.inputSchema().newBatch(ROWS);
        batch.clear(ROWS);
        flat = new float[ROWS * TreeModels.FEATURES];
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < TreeModels.FEATURES; f++) {
                batch.set(r, f, rows[r][f]);
                flat[r * TreeModels.FEATURES + f] = rows[r][f];
            }
        }
        out = new ScoreBatch(model.outputs(), ROWS);
        scorer.scoreBatch(batch, out);
        float[][] expected = oracle.predictions(rows);
        for (int r = 0; r < ROWS; r++) {
            if ((float) out.score(r, 0) != expected[r][0]) {
                throw new IllegalStateException("row " + r + " differs");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        oracle.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double verdict() {
        scorer.scoreBatch(batch, out);
        return out.score(ROWS - 1, 0);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float xgboost4j() throws XGBoostError {
        return booster.inplace_predict(flat, ROWS, TreeModels.FEATURES, Float.NaN)[ROWS - 1][0];
    }
}
