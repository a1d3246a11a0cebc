package dev.verdict.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.core.AllocationMeter;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoringSession;
import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scoring a tree model allocates nothing once warm, single row and batch, through a
 * {@link ScoringSession} — for every engine path: the fused float32 path (XGBoost), multi-output
 * and vector leaves, DART, gblinear, lockstep and categorical trees, linear leaves (LightGBM).
 * Measured with the thread's allocated-bytes counter, not timed.
 */
class TreeScoringAllocationTest {
    private static final int FEATURES = 6;

    record Case(String name, byte[] model) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> models() {
        float[][] x = rows(300, 1);
        float[] binary = new float[x.length];
        float[] classes = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            binary[r] = (x[r][0] + x[r][1] > 0) ? 1 : 0;
            classes[r] = (float) Math.floorMod((int) Math.floor(x[r][2] * 2), 3);
        }
        List<Case> cases = new ArrayList<>();
        try (var m = XGBoostOracle.training(x).labels(binary).param("objective", "binary:logistic").rounds(20).train()) {
            cases.add(new Case("xgboost binary (fused float path)", m.ubj()));
        }
        try (var m = XGBoostOracle.training(x).labels(classes).param("objective", "multi:softprob")
                .param("num_class", 3).rounds(10).train()) {
            cases.add(new Case("xgboost multiclass", m.json()));
        }
        try (var m = XGBoostOracle.training(x).labels(binary).param("objective", "binary:logistic")
                .param("booster", "dart").param("rate_drop", 0.2).rounds(10).train()) {
            cases.add(new Case("xgboost dart", m.json()));
        }
        try (var m = XGBoostOracle.training(x).labels(binary).param("objective", "binary:logistic")
                .param("booster", "gblinear").rounds(10).train()) {
            cases.add(new Case("xgboost gblinear", m.json()));
        }
        try (var m = XGBoostOracle.training(x).labels(binary).featureTypes("q", "q", "q", "q", "q", "c")
                .param("objective", "binary:logistic").param("max_cat_to_onehot", 1).rounds(10).train()) {
            cases.add(new Case("xgboost categorical", m.json()));
        }
        double[][] d = Rows.widen(x);
        for (String params : new String[] {"objective=binary num_leaves=31",
                "objective=multiclass num_class=3", "objective=regression linear_tree=true",
                "objective=binary categorical_feature=5"}) {
            float[] labels = params.contains("multiclass") ? classes : binary;
            try (var m = LightGbmOracle.training(d).labels(labels).params(params).iterations(15).train()) {
                cases.add(new Case("lightgbm " + params, m.modelText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void scoringAllocatesNothing(Case c) {
        Model model = ModelLoader.load(c.model, LoadOptions.defaults());
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle handle = registry.register("m", model.inputSchema());
            handle.publish(model);
            ScoringSession session = registry.newSession();
            float[][] x = rows(64, 2);
            FeatureVector[] vectors = new FeatureVector[x.length];
            FeatureBatch batch = model.inputSchema().newBatch(x.length);
            batch.clear(x.length);
            for (int r = 0; r < x.length; r++) {
                vectors[r] = model.inputSchema().newVector();
                for (int f = 0; f < FEATURES; f++) {
                    vectors[r].set(f, x[r][f]);
                    batch.set(r, f, x[r][f]);
                }
            }
            ScoreBatch out = new ScoreBatch(model.outputs(), x.length);
            double[] sink = new double[1];
            int[] next = new int[1];
            double single = AllocationMeter.bytesPerCall(20_000, 20_000,
                    () -> sink[0] += session.score(handle, vectors[next[0]++ & 63]).score());
            double batched = AllocationMeter.bytesPerCall(500, 500, () -> {
                session.scoreBatch(handle, batch, out);
                sink[0] += out.score(0, 0);
            });
            assertEquals(0.0, single, "bytes per single-row call");
            assertEquals(0.0, batched, "bytes per batch call");
        }
    }

    /** Gaussian rows, one value in ten missing, the last column category codes 0–5. */
    static float[][] rows(int n, long seed) {
        return Rows.categorical(Rows.gaussian(n, FEATURES, 0.1, seed), FEATURES - 1, FEATURES, 6);
    }
}
