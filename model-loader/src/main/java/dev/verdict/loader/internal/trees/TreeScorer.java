package dev.verdict.loader.internal.trees;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;

/**
 * The {@link Scorer} of a {@link TreeModel}, for one thread: checks the row's layout, walks the
 * trees with its own {@link TreeWalker}, and turns the margins into scores.
 */
final class TreeScorer implements Scorer {
    private final FeatureSchema schema;
    private final boolean float32;
    private final OutputTransform transform;
    private final TreeWalker walker;
    private final double[] margins;
    private final double[] scores;

    TreeScorer(TreeModel model) {
        this.schema = model.inputSchema();
        this.float32 = model.ensemble.arithmetic == Arithmetic.FLOAT32;
        this.transform = model.transform;
        this.walker = model.ensemble.newWalker();
        this.margins = new double[model.outputs().marginWidth()];
        this.scores = new double[model.outputs().scoreWidth()];
    }

    @Override
    public void score(FeatureVector features, ScoreBuffer out) {
        schema.requireSameLayout(features.schema());
        int bad = walker.margins(features, margins);
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
        if (float32) {
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
            int bad = walker.margins(features, r, margins);
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
