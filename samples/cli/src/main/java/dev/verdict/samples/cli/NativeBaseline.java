package dev.verdict.samples.cli;

import dev.verdict.core.Model;
import dev.verdict.loader.oracle.LightGbmOracle;
import dev.verdict.loader.oracle.XGBoostOracle;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native library a user would otherwise call for the same model file: XGBoost4J 3.4's
 * single-row {@code inplace_predict}, or lightgbmlib's fastest single-row path
 * ({@code LGBM_BoosterPredictForMatSingleRowFast}, one thread).
 */
abstract class NativeBaseline implements AutoCloseable {
    abstract String name();

    /** Scores one row; returns the first transformed output. */
    abstract double score(double[] row);

    @Override
    public abstract void close();

    /**
     * @return the baseline for {@code file}, or null when no native library reads its format
     *     (XGBoost 3.4 no longer reads the legacy binary format)
     */
    static NativeBaseline forModel(Path file, Model model) throws IOException {
        String format = model.info().format();
        if (format.equals("xgboost-json") || format.equals("xgboost-ubjson")) {
            return new XGBoost(XGBoostOracle.load(Files.readAllBytes(file)));
        }
        if (format.equals("lightgbm-text")) {
            return new LightGbm(LightGbmOracle.load(Files.readString(file, StandardCharsets.UTF_8)));
        }
        return null;
    }

    private static final class XGBoost extends NativeBaseline {
        private final XGBoostOracle.Model model;
        private float[] row;

        XGBoost(XGBoostOracle.Model model) {
            this.model = model;
        }

        @Override
        String name() {
            return "XGBoost4J inplace_predict";
        }

        @Override
        double score(double[] values) {
            if (row == null) {
                row = new float[values.length];
            }
            for (int i = 0; i < values.length; i++) {
                row[i] = (float) values[i];
            }
            return model.predictionRow(row)[0];
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private static final class LightGbm extends NativeBaseline {
        private final LightGbmOracle.Model model;
        private final LightGbmOracle.FastRow fast;

        LightGbm(LightGbmOracle.Model model) {
            this.model = model;
            this.fast = model.fastRow(lightgbmlibConstants.C_API_PREDICT_NORMAL);
        }

        @Override
        String name() {
            return "lightgbmlib SingleRowFast";
        }

        @Override
        double score(double[] row) {
            return fast.score(row);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
