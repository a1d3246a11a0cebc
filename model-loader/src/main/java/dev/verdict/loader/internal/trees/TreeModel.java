package dev.verdict.loader.internal.trees;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.AbstractModel;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;

/**
 * A tree-ensemble {@link dev.verdict.core.Model}: a {@link TreeEnsemble} plus the objective's output transform.
 * Built by the XGBoost and LightGBM readers.
 */
public final class TreeModel extends AbstractModel {
    private final FeatureSchema schema;
    private final OutputSpec outputs;
    private final TreeEnsemble ensemble;
    private final OutputTransform transform;

    /**
     * @param info what the model is
     * @param schema its input features
     * @param namesStored whether the artifact stored the feature names
     * @param outputs the shape of its outputs
     * @param ensemble the compiled trees
     * @param transform margins to scores
     */
    public TreeModel(ModelInfo info, FeatureSchema schema, boolean namesStored, OutputSpec outputs,
            TreeEnsemble ensemble, OutputTransform transform) {
        if (schema.size() != ensemble.featureCount()) {
            throw new IllegalArgumentException("schema has " + schema.size()
                    + " features, ensemble " + ensemble.featureCount());
        }
        if (outputs.marginWidth() != ensemble.outputCount()) {
            throw new IllegalArgumentException("outputs have " + outputs.marginWidth()
                    + " margins, ensemble " + ensemble.outputCount());
        }
        super(info, schema, namesStored, outputs);
        this.schema = schema;
        this.outputs = outputs;
        this.ensemble = ensemble;
        this.transform = transform;
    }





    /** @return the compiled ensemble, for inspection and benchmarks */
    public TreeEnsemble ensemble() {
        return ensemble;
    }

    @Override
    public Scorer newScorer() {
        return new TreeScorer();
    }

    @Override
    public String toString() {
        return "TreeModel[" + info().format() + ", " + info().objective() + ", " + ensemble.treeCount()
                + " trees]";
    }

    private final class TreeScorer implements Scorer {
        private final TreeEvaluator evaluator = ensemble.newEvaluator();
        private final double[] margins = new double[outputs.marginWidth()];
        private final double[] scores = new double[outputs.scoreWidth()];

        @Override
        public void score(FeatureVector features, ScoreBuffer out) {
            schema.requireSameLayout(features.schema());
            int bad = evaluator.margins(features, margins);
            if (bad >= 0) {
                throw outOfRange(bad, features.get(bad));
            }
            transform.apply(margins, scores);
            out.set(margins, scores);
        }

        @Override
        public void scoreBatch(FeatureBatch features, ScoreBatch out) {
            schema.requireSameLayout(features.schema());
            int rows = features.rowCount();
            if (out.capacity() < rows) {
                throw new IllegalArgumentException("output batch holds " + out.capacity()
                        + " rows, input has " + rows);
            }
            if (ensemble.arithmetic() == Arithmetic.FLOAT32) {
                // Check every row first, so that a bad row leaves the output untouched.
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < schema.size(); f++) {
                        double v = features.get(r, f);
                        if (Float.isInfinite((float) v)) {
                            throw outOfRange(f, v);
                        }
                    }
                }
            }
            out.begin(rows);
            for (int r = 0; r < rows; r++) {
                int bad = evaluator.margins(features, r, margins);
                if (bad >= 0) {
                    throw outOfRange(bad, features.get(r, bad));
                }
                transform.apply(margins, scores);
                out.setRow(r, margins, scores);
            }
        }


        private InvalidFeatureValueException outOfRange(int feature, double value) {
            return new InvalidFeatureValueException(schema.name(feature), value,
                    "beyond the float32 range the model computes in (the native library reads it"
                            + " as infinity and rejects it)");
        }
    }
}
