package dev.verdict.fallback;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The few XGBoost4J calls the fallback makes: load a booster, predict margins and transformed
 * scores with every tree (inplace predict, NaN = missing), write it back as JSON, free it.
 * Not thread-safe: XGBoost4J's booster handle is shared, so callers serialize on it.
 */
final class NativeXGBoost implements AutoCloseable {
    /** {@code iteration_range [0, 0)}: every tree, also after early stopping. */
    private static final int[] ALL_TREES = {0, 0};

    private final Booster booster;
    private final int features;

    private NativeXGBoost(Booster booster) throws XGBoostError {
        this.booster = booster;
        this.features = Math.toIntExact(booster.getNumFeature());
    }

    static NativeXGBoost load(byte[] modelBytes) {
        Booster booster;
        try {
            booster = XGBoost.loadModel(modelBytes);
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            // Without it, OpenMP's default thread team makes each small predict cost milliseconds.
            booster.setParam("nthread", 1);
            return new NativeXGBoost(booster);
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    int features() {
        return features;
    }

    int boostedRounds() {
        try {
            return booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    byte[] json() {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@return {@code [row][output]} for {@code rows} rows stored row-major in {@code flat}} */
    float[][] predict(float[] flat, int rows, boolean margin) {
        try {
            return booster.inplace_predict(flat, rows, features, Float.NaN, ALL_TREES,
                    margin ? Booster.PredictionType.kMargin : Booster.PredictionType.kValue, null);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
