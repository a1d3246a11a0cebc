package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Both native oracles train, serialize and predict with the shapes the fidelity tests rely on. */
class OracleSmokeTest {
    private static final int ROWS = 400;
    private static final int CATEGORY_COLUMN = 3;

    /** Three numeric columns with about 10% NaN and one categorical column of codes 0..5 (some NaN). */
    private static double[][] features(long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[ROWS][4];
        for (double[] row : rows) {
            for (int c = 0; c < CATEGORY_COLUMN; c++) {
                row[c] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian();
            }
            row[CATEGORY_COLUMN] = random.nextInt(20) == 0 ? Double.NaN : random.nextInt(6);
        }
        return rows;
    }

    /** Depends on a numeric column and on categories {1, 4} against the rest, so both split kinds pay. */
    private static float[] binaryLabels(double[][] rows) {
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            boolean high = rows[r][0] > 0.2;
            double category = rows[r][CATEGORY_COLUMN];
            boolean special = category == 1 || category == 4;
            labels[r] = high ^ special ? 1 : 0;
        }
        return labels;
    }

    private static float[] threeClassLabels(double[][] rows) {
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double v = Double.isNaN(rows[r][1]) ? 0 : rows[r][1];
            labels[r] = v < -0.4 ? 0 : v < 0.4 ? 1 : 2;
        }
        return labels;
    }

    private static void assertShapeAndFinite(float[][] values, int rows, int width) {
        assertEquals(rows, values.length);
        for (float[] row : values) {
            assertEquals(width, row.length);
            for (float v : row) {
                assertTrue(Float.isFinite(v), "non-finite prediction " + v);
            }
        }
    }

    private static void assertShapeAndFinite(double[][] values, int rows, int width) {
        assertEquals(rows, values.length);
        for (double[] row : values) {
            assertEquals(width, row.length);
            for (double v : row) {
                assertTrue(Double.isFinite(v), "non-finite prediction " + v);
            }
        }
    }

    @Test
    void xgboostBinaryWithMissingValuesAndACategoricalFeature() {
        float[][] rows = Rows.narrow(features(1));
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labels(binaryLabels(features(1)))
                .featureTypes("q", "q", "q", "c")
                .param("objective", "binary:logistic")
                .param("max_depth", 3)
                .rounds(10)
                .train()) {
            float[][] margins = model.margins(rows);
            float[][] probabilities = model.predictions(rows);
            assertShapeAndFinite(margins, ROWS, 1);
            assertShapeAndFinite(probabilities, ROWS, 1);
            assertTrue(model.jsonText().contains("\"categories_nodes\":[") && !model.jsonText().contains("\"categories_nodes\":[]"),
                    "expected a categorical split");
            assertEquals('{', (char) model.ubj()[0]);
            // The two native predict paths agree bit for bit, and so does the single-row path.
            assertArrayEquals(margins, model.dmatrixMargins(rows));
            assertArrayEquals(probabilities, model.dmatrixPredictions(rows));
            assertArrayEquals(margins[7], model.marginRow(rows[7]));
            try (XGBoostOracle.NativeBooster reloaded = XGBoostOracle.load(model.ubj())) {
                assertArrayEquals(margins, reloaded.margins(rows));
            }
        }
    }

    @Test
    void xgboostThreeClasses() {
        double[][] features = features(2);
        float[][] rows = Rows.narrow(features);
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labels(threeClassLabels(features))
                .param("objective", "multi:softprob")
                .param("num_class", 3)
                .param("max_depth", 3)
                .rounds(6)
                .train()) {
            assertShapeAndFinite(model.margins(rows), ROWS, 3);
            float[][] probabilities = model.predictions(rows);
            assertShapeAndFinite(probabilities, ROWS, 3);
            assertEquals(1.0, probabilities[0][0] + probabilities[0][1] + probabilities[0][2], 1e-5);
            assertEquals(6, model.boostedRounds());
        }
    }

    @Test
    void xgboostEarlyStoppingKeepsEveryTree() {
        double[][] features = features(3);
        double[][] validation = features(4);
        float[][] rows = Rows.narrow(features);
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labels(binaryLabels(features))
                .param("objective", "binary:logistic")
                .param("eval_metric", "logloss")
                .param("eta", 1.0)
                .rounds(200)
                .validation(Rows.narrow(validation), binaryLabels(validation))
                .earlyStoppingRounds(3)
                .train()) {
            int best = model.bestIteration().orElseThrow();
            assertEquals(best + 1 + 3, model.boostedRounds());
            assertShapeAndFinite(model.margins(rows, 0, best + 1), ROWS, 1);
        }
    }

    @Test
    void lightGbmBinaryWithMissingValuesAndACategoricalFeature() {
        double[][] rows = features(1);
        try (LightGbmOracle.NativeBooster model = LightGbmOracle.training(rows)
                .labels(binaryLabels(rows))
                .params("objective=binary num_leaves=7 min_data_in_leaf=5 categorical_feature=3 min_data_per_group=5 cat_smooth=1")
                .iterations(10)
                .train()) {
            double[][] raw = model.rawScores(rows);
            double[][] probabilities = model.predictions(rows);
            assertShapeAndFinite(raw, ROWS, 1);
            assertShapeAndFinite(probabilities, ROWS, 1);
            String text = model.modelText();
            assertTrue(text.matches("(?s).*\nnum_cat=[1-9].*"), "expected a categorical split");
            try (LightGbmOracle.FastRow fast = model.fastRow(com.microsoft.ml.lightgbm.lightgbmlib.C_API_PREDICT_RAW_SCORE)) {
                assertEquals(raw[7][0], fast.score(rows[7]));
            }
            try (LightGbmOracle.NativeBooster reloaded = LightGbmOracle.load(text)) {
                assertArrayEquals(raw, reloaded.rawScores(rows));
                assertEquals(text, reloaded.modelText());
            }
        }
    }

    @Test
    void lightGbmThreeClasses() {
        double[][] rows = features(2);
        try (LightGbmOracle.NativeBooster model = LightGbmOracle.training(rows)
                .labels(threeClassLabels(rows))
                .params("objective=multiclass num_class=3 num_leaves=7 min_data_in_leaf=5")
                .iterations(6)
                .train()) {
            assertEquals(3, model.numClasses());
            assertShapeAndFinite(model.rawScores(rows), ROWS, 3);
            double[][] probabilities = model.predictions(rows);
            assertShapeAndFinite(probabilities, ROWS, 3);
            assertEquals(1.0, probabilities[0][0] + probabilities[0][1] + probabilities[0][2], 1e-12);
            assertEquals(6, model.iterations());
        }
    }

    @Test
    void lightGbmEarlyStoppingSavesTheBestIterations() {
        double[][] rows = features(3);
        double[][] validation = features(4);
        try (LightGbmOracle.NativeBooster model = LightGbmOracle.training(rows)
                .labels(binaryLabels(rows))
                .params("objective=binary metric=binary_logloss learning_rate=1.0 num_leaves=31 min_data_in_leaf=2")
                .iterations(200)
                .validation(validation, binaryLabels(validation))
                .earlyStoppingRounds(3)
                .train()) {
            int best = model.bestIteration().orElseThrow();
            assertEquals(best + 3, model.iterations());
            try (LightGbmOracle.NativeBooster saved = LightGbmOracle.load(model.modelText())) {
                assertEquals(best, saved.iterations());
                assertArrayEquals(model.rawScores(rows), saved.rawScores(rows));
            }
        }
    }

    @Test
    void xgboostSurvivalRankingAndMultiTargetLabels() {
        double[][] features = features(5);
        float[][] rows = Rows.narrow(features);
        float[] lower = new float[ROWS];
        float[] upper = new float[ROWS];
        float[] relevance = new float[ROWS];
        float[][] targets = new float[ROWS][2];
        for (int r = 0; r < ROWS; r++) {
            float x = Float.isNaN(rows[r][0]) ? 0 : rows[r][0];
            lower[r] = (float) Math.exp(1 + x / 2);
            upper[r] = r % 4 == 0 ? Float.POSITIVE_INFINITY : lower[r];
            relevance[r] = Math.clamp(Math.round(x + 1.5f), 0, 3);
            targets[r][0] = x * 2;
            targets[r][1] = Float.isNaN(rows[r][2]) ? 0 : rows[r][2] * x;
        }
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labelBounds(lower, upper)
                .param("objective", "survival:aft")
                .rounds(4)
                .train()) {
            assertShapeAndFinite(model.predictions(rows), ROWS, 1);
        }
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labels(relevance)
                .groups(100, 100, 100, 100)
                .param("objective", "rank:ndcg")
                .rounds(4)
                .train()) {
            assertShapeAndFinite(model.margins(rows), ROWS, 1);
        }
        try (XGBoostOracle.NativeBooster model = XGBoostOracle.training(rows)
                .labels(targets)
                .param("multi_strategy", "multi_output_tree")
                .rounds(4)
                .train()) {
            assertShapeAndFinite(model.margins(rows), ROWS, 2);
            assertTrue(model.jsonText().contains("\"size_leaf_vector\":\"2\""), "expected vector leaves");
        }
    }

    @Test
    void lightGbmRankingAndLinearTrees() {
        double[][] rows = features(5);
        float[] relevance = new float[ROWS];
        float[] target = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double x = Double.isNaN(rows[r][0]) ? 0 : rows[r][0];
            relevance[r] = (float) Math.clamp(Math.round(x + 1.5), 0, 3);
            target[r] = (float) (3 * x + 1);
        }
        try (LightGbmOracle.NativeBooster model = LightGbmOracle.training(rows)
                .labels(relevance)
                .groups(100, 100, 100, 100)
                .params("objective=lambdarank num_leaves=7")
                .iterations(4)
                .train()) {
            assertShapeAndFinite(model.rawScores(rows), ROWS, 1);
        }
        try (LightGbmOracle.NativeBooster model = LightGbmOracle.training(rows)
                .labels(target)
                .params("objective=regression linear_tree=true num_leaves=7")
                .iterations(4)
                .train()) {
            assertShapeAndFinite(model.rawScores(rows), ROWS, 1);
            assertTrue(model.modelText().contains("is_linear=1"), "expected linear leaves");
        }
    }
}
