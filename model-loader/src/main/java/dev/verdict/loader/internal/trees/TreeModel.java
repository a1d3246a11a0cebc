package dev.verdict.loader.internal.trees;

import dev.verdict.core.AbstractModel;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.Scorer;

/**
 * A tree-ensemble {@link dev.verdict.core.Model}: a {@link TreeEnsemble} plus the objective's
 * output transform. Built by the XGBoost and LightGBM readers; each thread scores through its own
 * {@link TreeScorer}.
 */
public final class TreeModel extends AbstractModel {
    final TreeEnsemble ensemble;
    final OutputTransform transform;

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
        if (schema.size() != ensemble.featureCount) {
            throw new IllegalArgumentException("schema has " + schema.size()
                    + " features, ensemble " + ensemble.featureCount);
        }
        if (outputs.marginWidth() != ensemble.outputCount) {
            throw new IllegalArgumentException("outputs have " + outputs.marginWidth()
                    + " margins, ensemble " + ensemble.outputCount);
        }
        super(info, schema, namesStored, outputs);
        this.ensemble = ensemble;
        this.transform = transform;
    }

    /**
     * For tools that turn a loaded model into something else (jmh's C generator,
     * {@code dev.verdict.jmh.tools.CompiledTrees}); scoring goes through {@link #newScorer()}.
     *
     * @return the compiled trees
     */
    public TreeEnsemble ensemble() {
        return ensemble;
    }

    @Override
    public Scorer newScorer() {
        return new TreeScorer(this);
    }

    @Override
    public String toString() {
        return "TreeModel[" + info().format() + ", " + info().objective() + ", "
                + ensemble.modelTreeCount + " trees]";
    }
}
