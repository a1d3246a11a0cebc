package dev.verdict.loader.xgboost;

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
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.json.Document;
import dev.verdict.loader.oracle.XGBoostOracle;
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
 * {@snippet :
 * Model model = XGBoostNativeModel.load(Files.readAllBytes(Path.of("model.ubj")));
 * registry.register("fraud", model.inputSchema()).publish(model);
 * }
 */
public final class XGBoostNativeModel extends AbstractModel {
    private final XGBoostOracle.Model booster;
    private final FeatureSchema schema;
    private final OutputSpec outputs;
    private final int features;

    private XGBoostNativeModel(XGBoostOracle.Model booster, ModelInfo info, FeatureSchema schema,
            boolean named, OutputSpec outputs) {
        super(info, schema, named, outputs);
        this.booster = booster;
        this.schema = schema;
        this.outputs = outputs;
        this.features = schema.size();
    }

    /**
     * @param modelBytes an XGBoost JSON or UBJSON model
     * @return the model, scored by XGBoost4J; close it to free the native booster
     * @throws ModelLoadException if XGBoost cannot load it
     */
    public static XGBoostNativeModel load(byte[] modelBytes) {
        XGBoostOracle.Model booster;
        try {
            booster = XGBoostOracle.load(modelBytes);
        } catch (RuntimeException e) {
            throw new ModelLoadException("XGBoost4J cannot load the model: " + e.getMessage(), e);
        }
        try {
            Document root = Document.parse(booster.json(), false);
            Document learner = root.get("learner");
            Document params = learner.get("learner_model_param");
            int numFeature = params.get("num_feature").asInt(0, XGBoostModelReader.MAX_FEATURES);
            int numClass = params.get("num_class").asInt(0, 1 << 20);
            Document t = params.find("num_target");
            int groups = Math.max(Math.max(numClass, t == null ? 1 : t.asInt(0, 1 << 20)), 1);
            String objectiveName = learner.get("objective").get("name").asString();
            OutputSpec outputs;
            try {
                outputs = XGBoostObjective.named(objectiveName).outputs(groups);
            } catch (ModelFormatException unknownToVerdict) {
                outputs = groups == 1 ? OutputSpec.prediction() : OutputSpec.targets(OutputKind.PREDICTION, groups);
            }
            FeatureSchema schema = XGBoostModelReader.features(learner,
                    XGBoostModelReader.categoriesOf(modelOf(learner), numFeature), numFeature);
            boolean named = learner.has("feature_names") && learner.get("feature_names").size() > 0;
            Map<String, String> details = new LinkedHashMap<>();
            details.put("engine", "native XGBoost4J");
            details.put("rounds", String.valueOf(booster.boostedRounds()));
            details.put("features", String.valueOf(numFeature));
            ModelInfo info = new ModelInfo("xgboost-native", XGBoostModelReader.versionOf(root),
                    objectiveName, details);
            return new XGBoostNativeModel(booster, info, schema, named, outputs);
        } catch (RuntimeException e) {
            booster.close();
            throw e instanceof VerdictException v ? v
                    : new ModelLoadException("reading the native model's metadata failed: " + e, e);
        }
    }

    private static Document modelOf(Document learner) {
        Document gb = learner.get("gradient_booster");
        if (gb.has("model")) {
            return gb.get("model");
        }
        return gb.has("gbtree") ? gb.get("gbtree").get("model") : gb;
    }





    @Override
    public Scorer newScorer() {
        return new Scorer() {
            private final float[] row = new float[features];

            @Override
            public void score(FeatureVector in, ScoreBuffer out) {
                schema.requireSameLayout(in.schema());
                for (int f = 0; f < features; f++) {
                    row[f] = (float) in.get(f);
                }
                float[] margins;
                float[] values;
                synchronized (booster) { // one booster handle, shared by all scorers
                    margins = booster.marginRow(row);
                    values = booster.predictionRow(row);
                }
                for (int i = 0; i < outputs.marginWidth(); i++) {
                    out.setMargin(i, margins[i]);
                }
                for (int i = 0; i < outputs.scoreWidth(); i++) {
                    out.setScore(i, values[i]);
                }
            }

            @Override
            public void scoreBatch(FeatureBatch in, ScoreBatch out) {
                schema.requireSameLayout(in.schema());
                int rows = in.rowCount();
                float[][] matrix = new float[rows][features];
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++) {
                        matrix[r][f] = (float) in.get(r, f);
                    }
                }
                float[][] margins;
                float[][] values;
                synchronized (booster) {
                    margins = booster.margins(matrix);
                    values = booster.predictions(matrix);
                }
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
