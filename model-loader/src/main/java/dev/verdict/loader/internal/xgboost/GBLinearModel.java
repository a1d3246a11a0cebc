package dev.verdict.loader.internal.xgboost;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.AbstractModel;
import dev.verdict.core.Model;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.internal.trees.ModelDetails;
import dev.verdict.loader.internal.trees.OutputTransform;
import java.util.Arrays;

/**
 * XGBoost's linear booster ({@code gblinear}), as {@code src/gbm/gblinear.cc} predicts: per
 * output {@code g}, {@code psum = f32(bias[g] + base)}, then {@code psum = f32(psum + f32(x * w))}
 * for each present feature in order; missing features add nothing. Since XGBoost 3.1 the base of
 * every output is element 0 of the base margins.
 */
final class GBLinearModel extends AbstractModel {
    private final OutputTransform transform;
    private final int features;
    private final int groups;
    private final float[] weights; // weights[f * groups + g], bias after the features
    private final float base;

    private GBLinearModel(ModelInfo info, FeatureSchema schema, boolean named, OutputSpec outputs,
            OutputTransform transform, int groups, float[] weights, float base) {
        super(info, schema, named, outputs);
        this.transform = transform;
        this.features = schema.size();
        this.groups = groups;
        this.weights = weights;
        this.base = base;
    }

    static Model read(Document model, String format, String version, XGBoostObjective objective,
            XGBoostModelReader.LearnerParams params, float[] baseScore, FeatureSchema schema,
            boolean named) {
        int numFeature = params.numFeature();
        int groups = params.groups();
        // In long: (num_feature + 1) * outputs can pass 2^31 and wrap, e.g. to 0 for 4095
        // features and 2^20 outputs, letting an empty weights array through to fail at scoring.
        long expected = (long) (numFeature + 1) * groups;
        if (expected > Integer.MAX_VALUE - 8) {
            throw model.get("weights").error("a linear model of " + numFeature + " features and "
                    + groups + " outputs needs " + expected + " weights, more than an array holds");
        }
        float[] weights = model.get("weights").floats((int) expected);
        Document rounds = model.find("boosted_rounds");
        boolean fitted = rounds != null && rounds.asLong() != 0;
        float[] margins = !fitted && params.boostFromAverage() ? baseScore
                : objective.baseMargins(baseScore);
        ModelDetails details = new ModelDetails()
                .put("booster", "gblinear")
                .put("features", String.valueOf(numFeature))
                .put("outputs", String.valueOf(groups))
                .put("boosted rounds", rounds == null ? "unknown" : String.valueOf(rounds.asLong()))
                .put("base score", Arrays.toString(baseScore));
        return new GBLinearModel(details.info(format, version, objective.name), schema, named,
                objective.outputs(groups), objective.transform(), groups, weights, margins[0]);
    }

    @Override
    public Scorer newScorer() {
        return new Scorer() {
            private final FeatureSchema schema = inputSchema();
            private final double[] row = new double[features];
            private final double[] margins = new double[groups];
            private final double[] scores = new double[outputs().scoreWidth()];

            @Override
            public void score(FeatureVector in, ScoreBuffer out) {
                schema.requireSameLayout(in.schema());
                in.copyTo(row);
                compute();
                out.set(margins, scores);
            }

            @Override
            public void scoreBatch(FeatureBatch in, ScoreBatch out) {
                schema.requireSameLayout(in.schema());
                int rows = in.rowCount();
                if (out.capacity() < rows) {
                    throw new IllegalArgumentException("output batch holds " + out.capacity()
                            + " rows, input has " + rows);
                }
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++) {
                        rangeCheck(f, in.get(r, f));
                    }
                }
                out.begin(rows);
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++) {
                        row[f] = in.get(r, f);
                    }
                    compute();
                    out.setRow(r, margins, scores);
                }
            }

            private void compute() {
                for (int f = 0; f < features; f++) {
                    rangeCheck(f, row[f]);
                }
                for (int g = 0; g < groups; g++) {
                    float psum = weights[features * groups + g] + base;
                    for (int f = 0; f < features; f++) {
                        float x = (float) row[f];
                        if (x == x) {
                            psum += x * weights[f * groups + g];
                        }
                    }
                    margins[g] = psum;
                }
                transform.apply(margins, scores);
            }


            private void rangeCheck(int f, double v) {
                if (Float.isInfinite((float) v)) {
                    throw new InvalidFeatureValueException(schema.name(f), v,
                            "beyond the float32 range the model computes in");
                }
            }
        };
    }
}
