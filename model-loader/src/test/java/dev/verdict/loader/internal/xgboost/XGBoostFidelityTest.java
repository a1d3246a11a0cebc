package dev.verdict.loader.internal.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Datasets;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;
import dev.verdict.testing.XGBoostOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trains XGBoost models with XGBoost4J 3.4.0 inside the test, across objectives, boosters,
 * depths, missing values, categorical splits, DART, multi-class, multi-target and early stopping,
 * saves each as JSON and UBJSON, loads it into Verdict, and compares every margin and every
 * prediction of every row with XGBoost's own {@code inplace_predict}: bit-identical float32.
 */
class XGBoostFidelityTest {

    record Case(String name, Datasets data, Consumer<XGBoostOracle.Training> setup, boolean bestIteration) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Datasets plain = Datasets.generate(400, 8, 0, 1, 0.0, 1);
        Datasets missing = Datasets.generate(400, 8, 0, 1, 0.2, 2);
        Datasets wide = Datasets.generate(300, 30, 0, 1, 0.1, 3);
        Datasets categorical = Datasets.generate(500, 5, 3, 12, 0.1, 4);

        // Binary objectives over depths, missing values and boosters.
        for (int depth : new int[] {1, 3, 6}) {
            for (Datasets d : new Datasets[] {plain, missing}) {
                String tag = d == plain ? "dense" : "missing";
                cases.add(new Case("binary:logistic depth " + depth + " " + tag, d,
                        t -> t.labels(d.binaryLabels(11)).param("objective", "binary:logistic")
                                .param("max_depth", depth).rounds(25), false));
            }
        }
        cases.add(new Case("binary:logistic lossguide 16 leaves", missing,
                t -> t.labels(missing.binaryLabels(12)).param("objective", "binary:logistic")
                        .param("grow_policy", "lossguide").param("max_leaves", 16)
                        .param("max_depth", 0).rounds(20), false));
        cases.add(new Case("binary:logistic wide exact method", wide,
                t -> t.labels(wide.binaryLabels(13)).param("objective", "binary:logistic")
                        .param("tree_method", "exact").param("max_depth", 5).rounds(20), false));
        cases.add(new Case("binary:logistic base_score 0.3 eta 0.7", missing,
                t -> t.labels(missing.binaryLabels(14)).param("objective", "binary:logistic")
                        .param("base_score", 0.3).param("eta", 0.7).rounds(15), false));
        cases.add(new Case("binary:logitraw", missing,
                t -> t.labels(missing.binaryLabels(15)).param("objective", "binary:logitraw").rounds(15), false));
        cases.add(new Case("binary:hinge", missing,
                t -> t.labels(missing.binaryLabels(16)).param("objective", "binary:hinge").rounds(15), false));
        cases.add(new Case("random forest num_parallel_tree 4", missing,
                t -> t.labels(missing.binaryLabels(17)).param("objective", "binary:logistic")
                        .param("num_parallel_tree", 4).param("subsample", 0.7)
                        .param("colsample_bynode", 0.6).rounds(4), false));
        cases.add(new Case("dart", missing,
                t -> t.labels(missing.binaryLabels(18)).param("objective", "binary:logistic")
                        .param("booster", "dart").param("rate_drop", 0.3).param("skip_drop", 0.0)
                        .param("max_depth", 4).rounds(20), false));
        cases.add(new Case("dart regression one_drop", plain,
                t -> t.labels(plain.regressionLabels(19)).param("objective", "reg:squarederror")
                        .param("booster", "dart").param("rate_drop", 0.5).param("one_drop", 1)
                        .param("sample_type", "weighted").param("normalize_type", "forest").rounds(15), false));
        cases.add(new Case("gblinear binary", missing,
                t -> t.labels(missing.binaryLabels(20)).param("objective", "binary:logistic")
                        .param("booster", "gblinear").rounds(15), false));
        cases.add(new Case("gblinear multiclass", plain,
                t -> t.labels(plain.classLabels(3, 21)).param("objective", "multi:softprob")
                        .param("num_class", 3).param("booster", "gblinear").rounds(10), false));

        // Regression family.
        for (String objective : new String[] {"reg:squarederror", "reg:pseudohubererror",
                "reg:absoluteerror"}) {
            cases.add(new Case(objective, missing,
                    t -> t.labels(missing.regressionLabels(22)).param("objective", objective)
                            .param("max_depth", 4).rounds(20), false));
        }
        cases.add(new Case("reg:squaredlogerror", missing,
                t -> t.labels(missing.positiveLabels(23)).param("objective", "reg:squaredlogerror").rounds(20), false));
        cases.add(new Case("reg:logistic", missing,
                t -> t.labels(Datasets.scale01(missing.positiveLabels(24))).param("objective", "reg:logistic").rounds(20), false));
        cases.add(new Case("reg:gamma", missing,
                t -> t.labels(missing.positiveLabels(25)).param("objective", "reg:gamma").rounds(20), false));
        cases.add(new Case("reg:tweedie", missing,
                t -> t.labels(missing.countLabels(26)).param("objective", "reg:tweedie")
                        .param("tweedie_variance_power", 1.3).rounds(20), false));
        cases.add(new Case("count:poisson", missing,
                t -> t.labels(missing.countLabels(27)).param("objective", "count:poisson").rounds(20), false));
        cases.add(new Case("survival:cox", missing,
                t -> t.labels(missing.coxLabels(28)).param("objective", "survival:cox").rounds(20), false));
        cases.add(new Case("survival:aft", missing, t -> {
            float[] y = missing.positiveLabels(29);
            float[] upper = y.clone();
            for (int i = 0; i < upper.length; i += 5) {
                upper[i] = Float.POSITIVE_INFINITY;
            }
            t.labelBounds(y, upper).param("objective", "survival:aft")
                    .param("aft_loss_distribution", "logistic").rounds(20);
        }, false));
        cases.add(new Case("reg:quantileerror 3 alphas", missing,
                t -> t.labels(missing.regressionLabels(30)).param("objective", "reg:quantileerror")
                        .param("quantile_alpha", "[0.1,0.5,0.9]").rounds(20), false));
        cases.add(new Case("reg:expectileerror 2 alphas", missing,
                t -> t.labels(missing.regressionLabels(31)).param("objective", "reg:expectileerror")
                        .param("expectile_alpha", "[0.2,0.8]").rounds(20), false));

        // Multi-class and multi-target.
        for (String objective : new String[] {"multi:softprob", "multi:softmax"}) {
            cases.add(new Case(objective + " 4 classes", missing,
                    t -> t.labels(missing.classLabels(4, 32)).param("objective", objective)
                            .param("num_class", 4).param("max_depth", 4).rounds(15), false));
        }
        cases.add(new Case("multi-target one output per tree", missing,
                t -> t.labels(missing.multiTargetLabels(3, 33)).param("objective", "reg:squarederror")
                        .param("tree_method", "hist").rounds(15), false));
        cases.add(new Case("multi-target vector leaves", missing,
                t -> t.labels(missing.multiTargetLabels(2, 34)).param("objective", "reg:squarederror")
                        .param("tree_method", "hist").param("multi_strategy", "multi_output_tree").rounds(15), false));

        // Ranking.
        for (String objective : new String[] {"rank:pairwise", "rank:ndcg", "rank:map"}) {
            cases.add(new Case(objective, missing, t -> t.labels(objective.equals("rank:map")
                    ? missing.binaryLabels(35) : missing.relevanceLabels(35))
                    .groups(Datasets.groups(400, 20)).param("objective", objective).rounds(15), false));
        }

        // Categorical splits: partition-based and one-hot.
        String[] catTypes = {"q", "q", "q", "q", "q", "c", "c", "c"};
        cases.add(new Case("categorical partitions", categorical,
                t -> t.labels(categorical.binaryLabels(36)).featureTypes(catTypes)
                        .param("objective", "binary:logistic").param("tree_method", "hist")
                        .param("max_cat_to_onehot", 1).param("max_depth", 5).rounds(20), false));
        cases.add(new Case("categorical one-hot", categorical,
                t -> t.labels(categorical.regressionLabels(37)).featureTypes(catTypes)
                        .param("objective", "reg:squarederror").param("tree_method", "hist")
                        .param("max_cat_to_onehot", 64).rounds(20), false));
        cases.add(new Case("categorical multiclass vector leaves", categorical,
                t -> t.labels(categorical.classLabels(3, 38)).featureTypes(catTypes)
                        .param("objective", "multi:softprob").param("num_class", 3)
                        .param("tree_method", "hist").param("multi_strategy", "multi_output_tree")
                        .param("max_cat_to_onehot", 1).rounds(10), false));

        // Feature names and early stopping.
        cases.add(new Case("feature names", plain, t -> t.labels(plain.binaryLabels(39))
                .featureNames("age", "income", "utilization", "tenure", "debt", "limit", "late", "score")
                .param("objective", "binary:logistic").rounds(10), false));
        Datasets holdout = Datasets.generate(200, 8, 0, 1, 0.2, 40);
        for (boolean best : new boolean[] {false, true}) {
            cases.add(new Case("early stopping, " + (best ? "best iteration" : "all rounds"), missing,
                    t -> t.labels(missing.binaryLabels(41)).validation(holdout.features, holdout.binaryLabels(42))
                            .earlyStoppingRounds(3).param("eval_metric", "logloss")
                            .param("objective", "binary:logistic").param("eta", 0.9)
                            .param("max_depth", 6).rounds(200), best));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void identicalToXGBoost(Case c) {
        XGBoostOracle.Training training = XGBoostOracle.training(c.data.features);
        c.setup.accept(training);
        float[][] rows = c.data.evaluationRows(99);
        try (XGBoostOracle.NativeBooster oracle = training.train()) {
            float[][] margins;
            float[][] predictions;
            LoadOptions options = LoadOptions.defaults();
            if (c.bestIteration) {
                int best = oracle.bestIteration().orElseThrow();
                assertTrue(best + 1 < oracle.boostedRounds(), "early stopping kept extra rounds");
                margins = oracle.margins(rows, 0, best + 1);
                predictions = oracle.predictions(rows, 0, best + 1);
                options = options.withBestIteration();
            } else if (c.name.startsWith("gblinear")) {
                // gblinear has no inplace predict; XGBoost predicts it through a DMatrix.
                margins = oracle.dmatrixMargins(rows);
                predictions = oracle.dmatrixPredictions(rows);
            } else {
                margins = oracle.margins(rows);
                predictions = oracle.predictions(rows);
            }
            for (String format : new String[] {"json", "ubj"}) {
                Model model = ModelLoader.load(oracle.bytes(format), options);
                assertEquals(format.equals("json") ? "xgboost-json" : "xgboost-ubjson",
                        model.info().format());
                Scoring.Scored scored = Scoring.score(model, rows);
                Exactness.assertFloatsIdentical(c.name + " " + format + " margins", margins, scored.margins());
                Exactness.assertFloatsIdentical(c.name + " " + format + " predictions", predictions, scored.scores());
                Scoring.Scored batch = Scoring.scoreBatch(model, rows);
                Exactness.assertDoublesIdentical(c.name + " batch margins", scored.margins(), batch.margins());
                Exactness.assertDoublesIdentical(c.name + " batch predictions", scored.scores(), batch.scores());
            }
        }
    }
}
