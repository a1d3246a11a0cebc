package dev.verdict.loader.internal.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.core.CategoryValues;
import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Categorical values that are not the codes a model was trained on score as XGBoost 3.4's
 * {@code inplace_predict} scores them ({@code common::Decision}, {@code src/common/categorical.h}):
 * negative values (-0.5 included), values of 2^24 and more, unseen codes and codes beyond the
 * split's bitset go left (not in the set), fractions truncate, NaN takes the default direction.
 * XGBoost accepts all of them at prediction (only training rejects invalid categories), and so
 * does Verdict for a feature without a stored dictionary. Models are trained by XGBoost4J in the
 * test (partition and one-hot splits, depths, lossguide, multi-class, DART), and every row's
 * margin and prediction must be XGBoost's float32, bit for bit, in JSON and UBJSON.
 */
class XGBoostCategoryValuesTest {
    /** Feature 4 has 12 categories (a one-word bitset), feature 5 has 40 (two words). */
    private static final int[] CATEGORICAL = {4, 5};
    private static final double[] ODD_VALUES = {
        -999, -1, -0.5, -0.0, 0.5, 2.7, 11.99, 12, 31, 31.5, 32, 39.5, 40, 63, 64, 1000, 65_536,
        1e6, 16_777_215, 16_777_216, 16_777_217, 2_147_483_648.0, 3e9, 1e30, -3e9, -1e30, Double.NaN,
    };

    record Case(String name, Consumer<XGBoostOracle.Training> setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("partition depth 3", t -> t.param("objective", "binary:logistic")
                        .param("max_cat_to_onehot", 1).param("max_depth", 3)),
                new Case("partition depth 6", t -> t.param("objective", "binary:logistic")
                        .param("max_cat_to_onehot", 1).param("max_depth", 6)),
                new Case("one-hot", t -> t.param("objective", "binary:logistic")
                        .param("max_cat_to_onehot", 64).param("max_depth", 4)),
                new Case("lossguide", t -> t.param("objective", "reg:squarederror")
                        .param("grow_policy", "lossguide").param("max_leaves", 16).param("max_depth", 0)
                        .param("max_cat_to_onehot", 1)),
                new Case("multiclass", t -> t.param("objective", "multi:softprob").param("num_class", 3)
                        .param("max_cat_to_onehot", 1).param("max_depth", 4)),
                new Case("dart", t -> t.param("objective", "binary:logistic").param("booster", "dart")
                        .param("rate_drop", 0.3).param("max_cat_to_onehot", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oddCategoryValuesScoreAsXGBoostScoresThem(Case c) {
        float[][] train = rows(600, 1);
        XGBoostOracle.Training training = XGBoostOracle.training(train)
                .labels(labels(train, c.name.equals("multiclass")))
                .featureTypes("q", "q", "q", "q", "c", "c").rounds(15);
        c.setup.accept(training);
        float[][] rows = Rows.narrow(Rows.withEach(Rows.widen(rows(40, 2)), CATEGORICAL, ODD_VALUES));
        try (XGBoostOracle.NativeBooster oracle = training.train()) {
            float[][] margins = oracle.margins(rows);
            float[][] predictions = oracle.predictions(rows);
            for (String format : new String[] {"json", "ubj"}) {
                Model model = ModelLoader.load(oracle.bytes(format), LoadOptions.defaults());
                for (int f : CATEGORICAL) {
                    assertEquals(CategoryValues.ANY_FINITE, model.inputSchema().feature(f).categoryValues());
                }
                Scoring.Scored scored = Scoring.score(model, rows);
                Exactness.assertFloatsIdentical(c.name + " " + format + " margins", margins, scored.margins());
                Exactness.assertFloatsIdentical(c.name + " " + format + " predictions", predictions,
                        scored.scores());
            }
        }
    }

    /** Four numeric features, then uniform codes 0–11 and 0–39; one value in ten missing. */
    private static float[][] rows(int n, long seed) {
        float[][] x = Rows.gaussian(n, 6, 0.1, seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (float[] row : x) {
            row[4] = Float.isNaN(row[4]) ? Float.NaN : random.nextInt(12);
            row[5] = Float.isNaN(row[5]) ? Float.NaN : random.nextInt(40);
        }
        return x;
    }

    private static float[] labels(float[][] rows, boolean classes) {
        SplittableRandom random = new SplittableRandom(9);
        double[] effect12 = random.doubles(12, -1.5, 1.5).toArray();
        double[] effect40 = random.doubles(40, -1.5, 1.5).toArray();
        float[] y = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            float[] x = rows[r];
            double s = (Float.isNaN(x[0]) ? 0 : x[0]) - 0.5 * (Float.isNaN(x[1]) ? 0 : x[1])
                    + (Float.isNaN(x[4]) ? 0 : effect12[(int) x[4]])
                    + (Float.isNaN(x[5]) ? 0 : effect40[(int) x[5]]) + random.nextGaussian() * 0.3;
            y[r] = classes ? (s < -0.5 ? 0 : s < 0.5 ? 1 : 2) : (float) (s > 0 ? 1 : 0);
        }
        return y;
    }
}
