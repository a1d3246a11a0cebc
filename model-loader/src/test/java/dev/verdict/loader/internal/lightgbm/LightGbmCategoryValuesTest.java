package dev.verdict.loader.internal.lightgbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.CategoryValues;
import dev.verdict.core.FeatureType;
import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;
import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.Rows;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Categorical values that are not the codes a model was trained on score as LightGBM scores them
 * ({@code Tree::CategoricalDecision}): negative values (-999, -1) go where missing values go,
 * fractions truncate toward zero (-0.5 and 0.5 are category 0), unseen codes and codes beyond the
 * split's bitset go to the "not in the set" side, and so do values beyond int's range. Models are
 * trained by lightgbmlib in the test over many parameter combinations (bitset and one-hot splits,
 * every missing type, multi-class, linear trees, more than 32 categories so that bitsets span
 * words), and every row's raw score and prediction must be lightgbmlib's, bit for bit.
 */
class LightGbmCategoryValuesTest {
    /** Feature 4 has 12 categories (a one-word bitset), feature 5 has 40 (two words). */
    private static final int[] CATEGORICAL = {4, 5};
    private static final double[] ODD_VALUES = {
        -999, -1, -0.5, -0.0, -1e-40, 0.5, 2.7, 11.99, 12, 31, 31.5, 32, 39.5, 40, 63, 64, 100, 1000,
        65_536, 1e6, 16_777_216, 2_147_483_647.0, 2_147_483_648.0, 3e9, 1e15, 1e300, -2_147_483_648.0,
        -3e9, -1e300, Double.NaN,
    };

    static Stream<String> params() {
        String cats = " categorical_feature=4,5 min_data_per_group=5 cat_smooth=1 cat_l2=1";
        return Stream.of(
                "objective=binary" + cats,
                "objective=binary max_cat_to_onehot=64" + cats,
                "objective=binary max_cat_threshold=4 num_leaves=63" + cats,
                "objective=binary use_missing=false" + cats,
                "objective=binary zero_as_missing=true" + cats,
                "objective=regression" + cats,
                "objective=regression linear_tree=true" + cats,
                "objective=multiclass num_class=3" + cats,
                "objective=binary boosting=dart drop_rate=0.3" + cats);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void oddCategoryValuesScoreAsLightGbmScoresThem(String params) {
        double[][] train = rows(600, 1);
        float[] labels = labels(train, params.contains("multiclass"));
        String text;
        try (LightGbmOracle.NativeBooster trained = LightGbmOracle.training(train).labels(labels)
                .params(params).iterations(20).train()) {
            text = trained.modelText();
        }
        if (!params.contains("max_cat_to_onehot")) {
            assertTrue(widestBitset(text) >= 2, "some split's set spans two bitset words");
        }
        double[][] rows = Rows.withEach(rows(40, 2), CATEGORICAL, ODD_VALUES);
        Model model = ModelLoader.load(text.getBytes(StandardCharsets.UTF_8), LoadOptions.defaults());
        for (int f : CATEGORICAL) {
            assertEquals(FeatureType.CATEGORICAL, model.inputSchema().type(f));
            assertEquals(CategoryValues.ANY_FINITE, model.inputSchema().feature(f).categoryValues());
        }
        Scoring.Scored scored = Scoring.score(model, rows);
        try (LightGbmOracle.NativeBooster oracle = LightGbmOracle.load(text)) {
            Exactness.assertDoublesIdentical(params + " raw scores", oracle.rawScores(rows), scored.margins());
            Exactness.assertDoublesIdentical(params + " predictions", oracle.predictions(rows), scored.scores());
        }
    }

    /** The most 32-bit words any categorical split's bitset has. */
    private static int widestBitset(String text) {
        int widest = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("cat_boundaries=")) {
                String[] b = line.substring("cat_boundaries=".length()).trim().split(" +");
                for (int i = 1; i < b.length; i++) {
                    widest = Math.max(widest, Integer.parseInt(b[i]) - Integer.parseInt(b[i - 1]));
                }
            }
        }
        return widest;
    }

    /** Four numeric features, then uniform codes 0–11 and 0–39; one value in ten missing. */
    private static double[][] rows(int n, long seed) {
        return Rows.widen(codes(Rows.gaussian(n, 6, 0.1, seed), seed));
    }

    private static float[][] codes(float[][] x, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (float[] row : x) {
            row[4] = Float.isNaN(row[4]) ? Float.NaN : random.nextInt(12);
            row[5] = Float.isNaN(row[5]) ? Float.NaN : random.nextInt(40);
        }
        return x;
    }

    private static float[] labels(double[][] rows, boolean classes) {
        SplittableRandom random = new SplittableRandom(9);
        double[] effect12 = random.doubles(12, -1.5, 1.5).toArray();
        double[] effect40 = random.doubles(40, -1.5, 1.5).toArray();
        float[] y = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double[] x = rows[r];
            double s = (Double.isNaN(x[0]) ? 0 : x[0]) - 0.5 * (Double.isNaN(x[1]) ? 0 : x[1])
                    + (Double.isNaN(x[4]) ? 0 : effect12[(int) x[4]])
                    + (Double.isNaN(x[5]) ? 0 : effect40[(int) x[5]]) + random.nextGaussian() * 0.3;
            y[r] = classes ? (s < -0.5 ? 0 : s < 0.5 ? 1 : 2) : (float) (s > 0 ? 1 : 0);
        }
        if (!classes && Arrays.equals(y, new float[y.length])) {
            throw new IllegalStateException("degenerate labels");
        }
        return y;
    }
}
