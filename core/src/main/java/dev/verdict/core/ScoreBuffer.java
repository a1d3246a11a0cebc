package dev.verdict.core;

import java.util.Arrays;

/**
 * The scores and margins of one scored row, reused from request to request: read it before the
 * next call on the same session. Filled by {@link Scorer#score(FeatureVector, ScoreBuffer)}.
 *
 * {@snippet :
 * ScoreBuffer out = session.score(credit, row);
 * double pDefault = out.score();          // first score: the probability of a binary model
 * double logit = out.margin();            // its untransformed margin
 * long version = out.modelVersion();      // which published version produced it
 * }
 */
public final class ScoreBuffer {
    private final OutputSpec outputs;
    private final double[] scores;
    private final double[] margins;
    private long modelVersion;

    /** @param outputs the shape of the model's outputs */
    public ScoreBuffer(OutputSpec outputs) {
        this.outputs = outputs;
        this.scores = new double[outputs.scoreWidth()];
        this.margins = new double[outputs.marginWidth()];
        Arrays.fill(scores, Double.NaN);
        Arrays.fill(margins, Double.NaN);
    }

    /** @return the shape and names of the outputs */
    public OutputSpec outputs() {
        return outputs;
    }

    /** @return the first score */
    public double score() {
        return scores[0];
    }

    /**
     * @param index a score index below {@link OutputSpec#scoreWidth()}
     * @return that score
     */
    public double score(int index) {
        return scores[index];
    }

    /** @return the first margin */
    public double margin() {
        return margins[0];
    }

    /**
     * @param index a margin index below {@link OutputSpec#marginWidth()}
     * @return that margin
     */
    public double margin(int index) {
        return margins[index];
    }

    /**
     * The version of the model that produced these values, when scored through a
     * {@link ScoringSession}; 0 when scored directly by a {@link Scorer}.
     *
     * @return the model version
     */
    public long modelVersion() {
        return modelVersion;
    }

    /**
     * For {@link Scorer} implementations.
     *
     * @param index a score index
     * @param value the score
     */
    public void setScore(int index, double value) {
        scores[index] = value;
    }

    /**
     * For {@link Scorer} implementations.
     *
     * @param index a margin index
     * @param value the margin
     */
    public void setMargin(int index, double value) {
        margins[index] = value;
    }

    /**
     * For {@link Scorer} implementations: writes a row's margins and scores at once.
     *
     * @param margins {@link OutputSpec#marginWidth()} margins
     * @param scores {@link OutputSpec#scoreWidth()} scores
     */
    public void set(double[] margins, double[] scores) {
        System.arraycopy(margins, 0, this.margins, 0, this.margins.length);
        System.arraycopy(scores, 0, this.scores, 0, this.scores.length);
    }

    void setModelVersion(long version) {
        this.modelVersion = version;
    }

    @Override
    public String toString() {
        return "ScoreBuffer[scores=" + Arrays.toString(scores) + ", margins="
                + Arrays.toString(margins) + ", version=" + modelVersion + "]";
    }
}
