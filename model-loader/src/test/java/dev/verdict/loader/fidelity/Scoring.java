package dev.verdict.loader.fidelity;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.testing.Rows;

/** Scores rows with a Verdict model, one at a time or as one batch, collecting every output. */
public final class Scoring {
    private Scoring() {
    }

    public record Scored(double[][] margins, double[][] scores) {
    }

    /** Float32 rows (XGBoost's input), one at a time. */
    public static Scored score(Model model, float[][] rows) {
        return score(model, Rows.widen(rows));
    }

    /** Double rows (LightGBM's input), one at a time. */
    public static Scored score(Model model, double[][] rows) {
        Scorer scorer = model.newScorer();
        FeatureVector v = model.inputSchema().newVector();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        int mw = model.outputs().marginWidth();
        int sw = model.outputs().scoreWidth();
        double[][] margins = new double[rows.length][mw];
        double[][] scores = new double[rows.length][sw];
        for (int r = 0; r < rows.length; r++) {
            v.setAll(rows[r]);
            scorer.score(v, out);
            for (int k = 0; k < mw; k++) {
                margins[r][k] = out.margin(k);
            }
            for (int k = 0; k < sw; k++) {
                scores[r][k] = out.score(k);
            }
        }
        return new Scored(margins, scores);
    }

    public static Scored scoreBatch(Model model, float[][] rows) {
        Scorer scorer = model.newScorer();
        FeatureBatch batch = model.inputSchema().newBatch(rows.length);
        batch.clear(rows.length);
        for (int r = 0; r < rows.length; r++) {
            for (int f = 0; f < rows[r].length; f++) {
                batch.set(r, f, rows[r][f]);
            }
        }
        ScoreBatch out = new ScoreBatch(model.outputs(), rows.length);
        scorer.scoreBatch(batch, out);
        int mw = model.outputs().marginWidth();
        int sw = model.outputs().scoreWidth();
        double[][] margins = new double[rows.length][mw];
        double[][] scores = new double[rows.length][sw];
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < mw; k++) {
                margins[r][k] = out.margin(r, k);
            }
            for (int k = 0; k < sw; k++) {
                scores[r][k] = out.score(r, k);
            }
        }
        return new Scored(margins, scores);
    }
}
