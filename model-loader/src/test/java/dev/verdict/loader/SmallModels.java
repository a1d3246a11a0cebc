package dev.verdict.loader;

import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Small valid models, trained by the native oracles inside the test, that the bad-file tests
 * corrupt and that seed {@link ModelParsersFuzzTest}. The legacy binary format has no Java
 * writer, so its fixture is committed ({@code src/test/resources/bad-input/}, made by
 * {@code make_fixtures.py} there).
 */
public final class SmallModels {
    public static final int ROWS = 200;
    public static final int FEATURES = 3;

    private SmallModels() {
    }

    /** Three numeric columns, about 10% missing; column 2 also as codes 0..4 for categorical runs. */
    public static double[][] features(long seed, boolean categorical) {
        Random random = new Random(seed);
        double[][] rows = new double[ROWS][FEATURES];
        for (double[] row : rows) {
            for (int c = 0; c < FEATURES; c++) {
                row[c] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble();
            }
            if (categorical && !Double.isNaN(row[2])) {
                row[2] = Math.floor(row[2] * 5);
            }
        }
        return rows;
    }

    public static float[] binaryLabels(double[][] rows) {
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            boolean a = rows[r][0] > 0.5;
            boolean b = rows[r][2] > 0.7 && rows[r][2] != 2;
            labels[r] = a ^ b ? 1 : 0;
        }
        return labels;
    }

    public static float[] classLabels(double[][] rows) {
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double v = Double.isNaN(rows[r][1]) ? 0.5 : rows[r][1];
            labels[r] = v < 0.33 ? 0 : v < 0.66 ? 1 : 2;
        }
        return labels;
    }

    /** An XGBoost model in both serializations. */
    public record XGBoostBytes(byte[] json, byte[] ubj) {
        public String jsonText() {
            return new String(json, StandardCharsets.UTF_8);
        }
    }

    private static XGBoostBytes save(XGBoostOracle.Training training) {
        try (XGBoostOracle.NativeBooster model = training.train()) {
            return new XGBoostBytes(model.json(), model.ubj());
        }
    }

    /** binary:logistic, 3 numeric features, 3 rounds of depth 2. */
    public static XGBoostBytes xgboostLogistic() {
        double[][] rows = features(1, false);
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(binaryLabels(rows))
                .param("objective", "binary:logistic").param("max_depth", 2).rounds(3));
    }

    /** binary:logistic with a categorical feature 2, 2 rounds of depth 2. */
    public static XGBoostBytes xgboostCategorical() {
        double[][] rows = features(2, true);
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(binaryLabels(rows))
                .featureTypes("q", "q", "c").featureNames("a", "b", "color")
                .param("objective", "binary:logistic").param("max_depth", 2).rounds(2));
    }

    /** multi:softprob with 3 classes, 1 round of depth 1. */
    public static XGBoostBytes xgboostSoftprob() {
        double[][] rows = features(3, false);
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(classLabels(rows))
                .param("objective", "multi:softprob").param("num_class", 3).param("max_depth", 1)
                .rounds(1));
    }

    /** Two-target regression with vector leaves (multi_output_tree), 1 round of depth 1. */
    public static XGBoostBytes xgboostVectorLeaves() {
        double[][] rows = features(4, false);
        float[][] labels = new float[rows.length][2];
        for (int r = 0; r < rows.length; r++) {
            labels[r][0] = (float) (Double.isNaN(rows[r][0]) ? 0 : rows[r][0]);
            labels[r][1] = (float) (Double.isNaN(rows[r][1]) ? 1 : 2 * rows[r][1]);
        }
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(labels)
                .param("objective", "reg:squarederror").param("multi_strategy", "multi_output_tree")
                .param("tree_method", "hist").param("max_depth", 1).rounds(1));
    }

    /** DART, 2 rounds of depth 1. */
    public static XGBoostBytes xgboostDart() {
        double[][] rows = features(5, false);
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(binaryLabels(rows))
                .param("objective", "reg:squarederror").param("booster", "dart")
                .param("rate_drop", 0.5).param("max_depth", 1).rounds(2));
    }

    /** gblinear, 2 rounds. */
    public static XGBoostBytes xgboostLinear() {
        double[][] rows = features(6, false);
        for (double[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                row[c] = Double.isNaN(row[c]) ? 0 : row[c];
            }
        }
        return save(XGBoostOracle.training(Rows.narrow(rows)).labels(binaryLabels(rows))
                .param("objective", "reg:squarederror").param("booster", "gblinear").rounds(2));
    }

    /**
     * The model text up to and including {@code end of trees}, plus the {@code pandas_categorical}
     * line: the {@code feature_importances} and {@code parameters} sections are left out, which
     * LightGBM's loader allows and which keeps the fuzz seeds short.
     */
    private static String lightgbm(LightGbmOracle.Training training) {
        try (LightGbmOracle.NativeBooster model = training.train()) {
            String text = model.modelText();
            int end = text.indexOf("end of trees");
            return text.substring(0, end) + "end of trees\n\npandas_categorical:null\n";
        }
    }

    /** binary, 3 numeric features, 2 iterations of 3 leaves. */
    public static String lightgbmBinary() {
        double[][] rows = features(11, false);
        return lightgbm(LightGbmOracle.training(rows).labels(binaryLabels(rows))
                .params("objective=binary num_leaves=3 min_data_in_leaf=5").iterations(2));
    }

    /** binary with categorical feature 2, 2 iterations of 4 leaves. */
    public static String lightgbmCategorical() {
        double[][] rows = features(12, true);
        return lightgbm(LightGbmOracle.training(rows).labels(binaryLabels(rows))
                .params("objective=binary num_leaves=4 min_data_in_leaf=5 categorical_feature=2"
                        + " min_data_per_group=5 cat_smooth=1 max_cat_to_onehot=1")
                .iterations(2));
    }

    /** multiclass with 3 classes, 1 iteration of 2 leaves. */
    public static String lightgbmMulticlass() {
        double[][] rows = features(13, false);
        return lightgbm(LightGbmOracle.training(rows).labels(classLabels(rows))
                .params("objective=multiclass num_class=3 num_leaves=2 min_data_in_leaf=5")
                .iterations(1));
    }

    /** regression with linear leaves, 2 iterations of 3 leaves. */
    public static String lightgbmLinear() {
        double[][] rows = features(14, false);
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            labels[r] = (float) (3 * (Double.isNaN(rows[r][1]) ? 0.5 : rows[r][1])
                    + (rows[r][0] > 0.5 ? 1 : 0));
        }
        return lightgbm(LightGbmOracle.training(rows).labels(labels)
                .params("objective=regression linear_tree=true num_leaves=3 min_data_in_leaf=5")
                .iterations(2));
    }

    /** The committed legacy binary fixture (binary:logistic, 3 features, 3 rounds of depth 2). */
    public static byte[] xgboostLegacyBinary() {
        return resource("/bad-input/binary-logistic.model");
    }

    public static byte[] resource(String name) {
        try (InputStream in = SmallModels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
