package dev.verdict.core;

import java.util.Arrays;

/**
 * The scores and margins of one scored row, reused from request to request: read it before the
 * next call on the same session. Filled by {@link Scorer#score(FeatureVector, ScoreBuffer)}.
 *
 * {@snippet class=dev.verdict.core.Snippets region=scoreBuffer}
 */
public final class ScoreBuffer {
    private final OutputSpec outputs;
    private final double[] scores;
    private final double[] margins;
    private long modelVersion;

    /**
     * Creates a buffer for one row of outputs of this shape.
     *
     * @param outputs the shape of the model's outputs
     */
    public ScoreBuffer(OutputSpec outputs) {
        this.outputs = outputs;
        this.scores = new double[outputs.scoreWidth()];
        this.margins = new double[outputs.marginWidth()];
        Arrays.fill(scores, Double.NaN);
        Arrays.fill(margins, Double.NaN);
    }

    /** {@return the shape and names of the outputs} */
    public OutputSpec outputs() {
        return outputs;
    }

    /** {@return the first score} */
    public double score() {
        return scores[0];
    }

    /**
     * {@return that score}
     *
     * @param index a score index below {@link OutputSpec#scoreWidth()}
     */
    public double score(int index) {
        return scores[index];
    }

    /** {@return the first margin} */
    public double margin() {
        return margins[0];
    }

    /**
     * {@return that margin}
     *
     * @param index a margin index below {@link OutputSpec#marginWidth()}
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
