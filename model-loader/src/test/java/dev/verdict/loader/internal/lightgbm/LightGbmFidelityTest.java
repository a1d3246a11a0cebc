package dev.verdict.loader.internal.lightgbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Datasets;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;
import dev.verdict.testing.Rows;
import dev.verdict.testing.LightGbmOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trains LightGBM models with lightgbmlib 3.3.510 inside the test across objectives, boosting
 * types, leaf counts, missing-value handling, categorical splits, linear trees and multi-class,
 * loads the text model into Verdict, and compares every raw score and every transformed
 * prediction of every row with LightGBM's own predictions of the same text model: bit-identical
 * doubles.
 */
class LightGbmFidelityTest {
    private static final int ITERATIONS = 20;

    record Case(String name, Datasets data, Function<Datasets, float[]> labels, String params, int[] groups) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Datasets plain = Datasets.generate(400, 8, 0, 1, 0.0, 101);
        Datasets missing = Datasets.generate(400, 8, 0, 1, 0.2, 102);
        Datasets categorical = Datasets.generate(500, 5, 3, 12, 0.1, 103);
        Function<Datasets, float[]> binary = d -> d.binaryLabels(1);
        Function<Datasets, float[]> regression = d -> d.regressionLabels(2);
        Function<Datasets, float[]> positive = d -> d.positiveLabels(3);
        Function<Datasets, float[]> counts = d -> d.countLabels(4);
        Function<Datasets, float[]> classes = d -> d.classLabels(3, 5);
        Function<Datasets, float[]> unit = d -> Datasets.scale01(d.positiveLabels(6));

        for (int leaves : new int[] {2, 7, 31}) {
            cases.add(new Case("binary " + leaves + " leaves", missing, binary,
                    "objective=binary num_leaves=" + leaves, null));
        }
        cases.add(new Case("binary sigmoid 0.7 dense", plain, binary, "objective=binary sigmoid=0.7", null));
        cases.add(new Case("binary max_depth 3", missing, binary, "objective=binary max_depth=3 num_leaves=8", null));
        cases.add(new Case("regression", missing, regression, "objective=regression", null));
        cases.add(new Case("regression sqrt", missing, regression, "objective=regression reg_sqrt=true", null));
        cases.add(new Case("regression_l1", missing, regression, "objective=regression_l1", null));
        cases.add(new Case("huber", missing, regression, "objective=huber", null));
        cases.add(new Case("fair", missing, regression, "objective=fair", null));
        cases.add(new Case("quantile", missing, regression, "objective=quantile alpha=0.8", null));
        cases.add(new Case("mape", missing, positive, "objective=mape", null));
        cases.add(new Case("poisson", missing, counts, "objective=poisson", null));
        cases.add(new Case("gamma", missing, positive, "objective=gamma", null));
        cases.add(new Case("tweedie", missing, counts, "objective=tweedie", null));
        cases.add(new Case("cross_entropy", missing, unit, "objective=cross_entropy", null));
        cases.add(new Case("cross_entropy_lambda", missing, unit, "objective=cross_entropy_lambda", null));
        cases.add(new Case("multiclass", missing, classes, "objective=multiclass num_class=3", null));
        cases.add(new Case("multiclassova", missing, classes, "objective=multiclassova num_class=3 sigmoid=1.3", null));
        cases.add(new Case("lambdarank", missing, d -> d.relevanceLabels(7), "objective=lambdarank",
                Datasets.groups(400, 20)));
        cases.add(new Case("rank_xendcg", missing, d -> d.relevanceLabels(8), "objective=rank_xendcg",
                Datasets.groups(400, 20)));
        cases.add(new Case("dart", missing, binary, "objective=binary boosting=dart drop_rate=0.3", null));
        cases.add(new Case("goss", missing, binary, "objective=binary data_sample_strategy=goss", null));
        cases.add(new Case("random forest", missing, binary,
                "objective=binary boosting=rf bagging_freq=1 bagging_fraction=0.7 feature_fraction=0.8", null));
        cases.add(new Case("zero as missing", missing, regression, "objective=regression zero_as_missing=true", null));
        cases.add(new Case("use_missing false", missing, regression, "objective=regression use_missing=false", null));
        cases.add(new Case("linear trees", missing, regression, "objective=regression linear_tree=true", null));
        cases.add(new Case("linear trees binary", plain, binary, "objective=binary linear_tree=true linear_lambda=0.1", null));
        cases.add(new Case("categorical", categorical, binary,
                "objective=binary categorical_feature=5,6,7 min_data_per_group=5 cat_smooth=1", null));
        cases.add(new Case("categorical one-hot", categorical, regression,
                "objective=regression categorical_feature=5,6,7 max_cat_to_onehot=16", null));
        cases.add(new Case("categorical multiclass", categorical, classes,
                "objective=multiclass num_class=3 categorical_feature=5,6,7 min_data_per_group=5", null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void identicalToLightGbm(Case c) {
        double[][] train = Rows.widen(c.data.features);
        LightGbmOracle.Training training = LightGbmOracle.training(train)
                .labels(c.labels.apply(c.data)).params(c.params).iterations(ITERATIONS);
        if (c.groups != null) {
            training.groups(c.groups);
        }
        String text;
        try (LightGbmOracle.NativeBooster trained = training.train()) {
            text = trained.modelText();
        }
        double[][] rows = evaluationRows(c.data);
        // The oracle is a booster loaded from the same text Verdict reads (see LightGbmNumbers).
        try (LightGbmOracle.NativeBooster oracle = LightGbmOracle.load(text)) {
            double[][] raw = oracle.rawScores(rows);
            double[][] normal = oracle.predictions(rows);
            Model model = ModelLoader.load(text.getBytes(StandardCharsets.UTF_8), LoadOptions.defaults());
            assertEquals("lightgbm-text", model.info().format());
            Scoring.Scored scored = Scoring.score(model, rows);
            Exactness.assertDoublesIdentical(c.name + " raw scores", raw, scored.margins());
            Exactness.assertDoublesIdentical(c.name + " predictions", normal, scored.scores());
        }
    }

    /** Training rows, fresh rows, and rows of values LightGBM treats specially. */
    static double[][] evaluationRows(Datasets data) {
        double[][] base = Rows.widen(data.evaluationRows(199));
        int f = data.featureCount;
        double[] specials = {-0.0, 0.0, 1e-40, -1e-36, 1.0000000180025095e-35, 1e300, -1e300, 0.25, -0.25};
        double[][] rows = new double[base.length + specials.length][];
        System.arraycopy(base, 0, rows, 0, base.length);
        for (int s = 0; s < specials.length; s++) {
            double[] row = new double[f];
            for (int i = 0; i < f; i++) {
                row[i] = i >= data.categoricalFrom ? (s + i) % Math.max(1, data.categories) : specials[(s + i) % specials.length];
            }
            rows[base.length + s] = row;
        }
        return rows;
    }
}
