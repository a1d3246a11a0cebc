package dev.verdict.jmh;

import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.testing.LightGbmOracle;
import java.nio.charset.StandardCharsets;
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
 * One row, one thread: Verdict against lightgbmlib 3.3.510's fastest single-row call
 * ({@code LGBM_BoosterPredictForMatSingleRowFast}, {@code num_threads=1}, a reused native row
 * buffer), same model text, same rows, same JVM. Models trained at setup over 100 features:
 * {@code trees} trees of at most {@code leaves} leaves, depth limited to {@code maxDepth}
 * (-1: unlimited, LightGBM's default leaf-wise growth).
 *
 * <p>Modes, threads and flags as in {@link XGBoostSingleRowBenchmark}: p50/p99/p99.9 from
 * {@code SampleTime}, mean and B/op from {@code AverageTime}, for both sides in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class LightGbmSingleRowBenchmark {
    private static final int ROWS = 1024;

    @Param({"100:31:-1", "500:63:6"})
    public String shape;

    private LightGbmOracle.NativeBooster oracle;
    private LightGbmOracle.FastRow fast;
    private Scorer scorer;
    private FeatureVector[] vectors;
    private double[][] rows;
    private double[] result;
    private ScoreBuffer out;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split(":");
        String text;
        try (LightGbmOracle.NativeBooster trained = TreeModels.lightgbm(Integer.parseInt(p[0]),
                Integer.parseInt(p[1]), Integer.parseInt(p[2]))) {
            text = trained.modelText();
        }
        oracle = LightGbmOracle.load(text);
        fast = oracle.fastRow(lightgbmlibConstants.C_API_PREDICT_NORMAL);
        result = new double[1];
        Model model = ModelLoader.load(text.getBytes(StandardCharsets.UTF_8), LoadOptions.defaults());
        scorer = model.newScorer();
        out = new ScoreBuffer(model.outputs());
        rows = TreeModels.widen(TreeModels.rows(ROWS, 77));
        vectors = new FeatureVector[ROWS];
        for (int r = 0; r < ROWS; r++) {
            vectors[r] = model.inputSchema().newVector().setAll(rows[r]);
            scorer.score(vectors[r], out);
            fast.score(rows[r], result);
            if (out.score() != result[0]) {
                throw new IllegalStateException("row " + r + ": verdict " + out.score() + ", lightgbm " + result[0]);
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
    public double lightgbm() {
        int r = next++ & (ROWS - 1);
        fast.score(rows[r], result);
        return result[0];
    }
}
