package dev.verdict.fallback;

import dev.verdict.core.AbstractModel;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.OutputKind;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.core.VerdictException;
import dev.verdict.loader.internal.xgboost.XGBoostModelReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opt-in {@link Model} that scores through the native XGBoost library (XGBoost4J 3.4) instead
 * of Verdict's engine — for a model or feature the engine does not cover yet. It gives XGBoost's
 * answers by construction but keeps XGBoost4J's costs: tens of microseconds and a few hundred
 * bytes allocated per call, calls serialized on the one native booster, and the native library on
 * the class path
 * ({@code ml.dmlc:xgboost4j_2.12}, {@code jackson-databind}, and the system {@code libgomp}).
 *
 * {@snippet class=dev.verdict.fallback.Snippets region=fallback}
 */
public final class XGBoostNativeModel extends AbstractModel {
    private final NativeXGBoost booster;
    private final int features;

    private XGBoostNativeModel(NativeXGBoost booster, ModelInfo info, FeatureSchema schema,
            boolean named, OutputSpec outputs) {
        super(info, schema, named, outputs);
        this.booster = booster;
        this.features = schema.size();
    }

    /**
     * {@return the model, scored by XGBoost4J; close it to free the native booster}
     *
     * @param modelBytes an XGBoost JSON or UBJSON model
     * @throws ModelLoadException if XGBoost cannot load it
     */
    public static XGBoostNativeModel load(byte[] modelBytes) {
        NativeXGBoost booster;
        try {
            booster = NativeXGBoost.load(modelBytes);
        } catch (RuntimeException e) {
            throw new ModelLoadException("XGBoost4J cannot load the model: " + e.getMessage(), e);
        }
        try {
            // Described from XGBoost's own rewrite of what it loaded, so the schema is the one
            // XGBoost scores with.
            XGBoostModelReader.Description d = XGBoostModelReader.describe(booster.json());
            OutputSpec outputs = XGBoostModelReader.outputsOf(d.objective(), d.outputGroups());
            if (outputs == null) { // an objective Verdict does not know: scores as XGBoost gives them
                outputs = d.outputGroups() == 1 ? OutputSpec.prediction()
                        : OutputSpec.targets(OutputKind.PREDICTION, d.outputGroups());
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("engine", "native XGBoost4J");
            details.put("rounds", String.valueOf(booster.boostedRounds()));
            details.put("features", String.valueOf(d.schema().size()));
            ModelInfo info = new ModelInfo("xgboost-native", d.version(), d.objective(), details);
            return new XGBoostNativeModel(booster, info, d.schema(), d.named(), outputs);
        } catch (RuntimeException e) {
            booster.close();
            throw e instanceof VerdictException v ? v
                    : new ModelLoadException("reading the native model's metadata failed: " + e, e);
        }
    }

    @Override
    public Scorer newScorer() {
        return new Scorer() {
            private final float[] row = new float[features];

            @Override
            public void score(FeatureVector in, ScoreBuffer out) {
                inputSchema().requireSameLayout(in.schema());
                for (int f = 0; f < features; f++) {
                    row[f] = (float) in.get(f);
                }
                float[] margins;
                float[] values;
                synchronized (booster) { // one booster handle, shared by all scorers
                    margins = booster.predict(row, 1, true)[0];
                    values = booster.predict(row, 1, false)[0];
                }
                OutputSpec outputs = outputs();
                for (int i = 0; i < outputs.marginWidth(); i++) {
                    out.setMargin(i, margins[i]);
                }
                for (int i = 0; i < outputs.scoreWidth(); i++) {
                    out.setScore(i, values[i]);
                }
            }

            @Override
            public void scoreBatch(FeatureBatch in, ScoreBatch out) {
                inputSchema().requireSameLayout(in.schema());
                int rows = in.rowCount();
                float[] matrix = new float[Math.multiplyExact(rows, features)];
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++) {
                        matrix[r * features + f] = (float) in.get(r, f);
                    }
                }
                float[][] margins;
                float[][] values;
                synchronized (booster) {
                    margins = booster.predict(matrix, rows, true);
                    values = booster.predict(matrix, rows, false);
                }
                OutputSpec outputs = outputs();
                out.begin(rows);
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < outputs.marginWidth(); i++) {
                        out.setMargin(r, i, margins[r][i]);
                    }
                    for (int i = 0; i < outputs.scoreWidth(); i++) {
                        out.setScore(r, i, values[r][i]);
                    }
                }
            }

        };
    }

    /** Frees the native booster. */
    @Override
    public void close() {
        booster.close();
    }
}
