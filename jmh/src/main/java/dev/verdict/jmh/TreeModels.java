package dev.verdict.jmh;

import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.XGBoostOracle;
import java.util.SplittableRandom;

/**
 * The benchmark models, trained at setup with the native libraries on generated data: the
 * issue's reference model is 500 trees of depth 6 over 100 features, binary:logistic; the
 * LightGBM equivalent is 500 trees of at most 31 leaves (depth ≤ 6 so both walk comparable paths)
 * unless a benchmark asks for another size.
 */
public final class TreeModels {
    public static final int FEATURES = 100;
    public static final int TRAIN_ROWS = 5_000;

    private TreeModels() {
    }

    /** Row-major training data with 10% missing values and a nonlinear signal. */
    public static float[][] rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][FEATURES];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < FEATURES; f++) {
                x[r][f] = random.nextDouble() < 0.1 ? Float.NaN : (float) random.nextGaussian();
            }
        }
        return x;
    }

    public static float[] labels(float[][] x, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            double s = 0;
            for (int f = 0; f < 20; f++) {
                float v = x[r][f];
                if (v == v) {
                    s += (f % 2 == 0 ? 0.4 : -0.3) * v + (f % 5 == 0 ? 0.2 * v * v : 0);
                }
            }
            y[r] = random.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
        }
        return y;
    }

    public static XGBoostOracle.NativeBooster xgboost(int trees, int depth) {
        float[][] x = rows(TRAIN_ROWS, 1);
        return XGBoostOracle.training(x).labels(labels(x, 2))
                .param("objective", "binary:logistic").param("max_depth", depth)
                .param("eta", 0.05).param("subsample", 0.8).param("colsample_bytree", 0.8)
                .rounds(trees).train();
    }

    /**
     * {@link #rows} whose first {@code categorical} features hold category codes 0–15 instead
     * (the Gaussian value binned; missing stays missing).
     */
    public static float[][] rows(int n, long seed, int categorical) {
        float[][] x = rows(n, seed);
        for (float[] row : x) {
            for (int f = 0; f < categorical; f++) {
                if (row[f] == row[f]) {
                    row[f] = Math.max(0, Math.min(15, (int) Math.floor((row[f] + 3) * 16 / 6)));
                }
            }
        }
        return x;
    }

    /**
     * XGBoost with categorical splits: the first {@code categorical} of the 100 features are
     * categorical (16 categories, partition-based splits: {@code max_cat_to_onehot=1}), trees of
     * depth {@code depth}.
     */
    public static XGBoostOracle.NativeBooster xgboostCategorical(int trees, int depth, int categorical) {
        float[][] x = rows(TRAIN_ROWS, 1, categorical);
        String[] types = new String[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            types[f] = f < categorical ? "c" : "q";
        }
        return XGBoostOracle.training(x).labels(labels(x, 2)).featureTypes(types)
                .param("objective", "binary:logistic").param("tree_method", "hist")
                .param("max_cat_to_onehot", 1).param("max_depth", depth)
                .param("eta", 0.05).param("subsample", 0.8).param("colsample_bytree", 0.8)
                .rounds(trees).train();
    }

    /** Leaf-wise XGBoost: {@code grow_policy=lossguide}, {@code leaves} leaves, no depth limit. */
    public static XGBoostOracle.NativeBooster xgboostLossguide(int trees, int leaves) {
        float[][] x = rows(TRAIN_ROWS, 1);
        return XGBoostOracle.training(x).labels(labels(x, 2))
                .param("objective", "binary:logistic").param("tree_method", "hist")
                .param("grow_policy", "lossguide").param("max_depth", 0).param("max_leaves", leaves)
                .param("eta", 0.05).param("subsample", 0.8).param("colsample_bytree", 0.8)
                .rounds(trees).train();
    }

    /**
     * @param maxDepth -1 for LightGBM's unlimited leaf-wise growth, else the depth limit (6 makes
     *     the trees comparable to the XGBoost reference model)
     */
    public static LightGbmOracle.NativeBooster lightgbm(int trees, int leaves, int maxDepth) {
        float[][] x = rows(TRAIN_ROWS, 1);
        double[][] d = widen(x);
        return LightGbmOracle.training(d).labels(labels(x, 2))
                .params("objective=binary num_leaves=" + leaves + " max_depth=" + maxDepth
                        + " learning_rate=0.05 min_data_in_leaf=5 bagging_fraction=0.8"
                        + " bagging_freq=1 feature_fraction=0.8")
                .iterations(trees).train();
    }

    public static double[][] widen(float[][] x) {
        double[][] d = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            d[r] = new double[x[r].length];
            for (int f = 0; f < x[r].length; f++) {
                d[r][f] = x[r][f];
            }
        }
        return d;
    }
}
