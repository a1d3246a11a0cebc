package dev.verdict.core;

import java.util.Arrays;

/**
 * Scores and margins of a batch of rows, row-major, reused between batches. Filled by
 * {@link Scorer#scoreBatch(FeatureBatch, ScoreBatch)}; row {@code r} of the output belongs to row
 * {@code r} of the input.
 */
public final class ScoreBatch {
    private final OutputSpec outputs;
    private final int capacity;
    private final int scoreWidth;
    private final int marginWidth;
    private final double[] scores;
    private final double[] margins;
    private int rowCount;
    private long modelVersion;

    /**
     * Creates an empty batch for outputs of this shape.
     *
     * @param outputs the shape of the model's outputs
     * @param capacity the most rows it can hold
     */
    public ScoreBatch(OutputSpec outputs, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch capacity must be positive: " + capacity);
        }
        this.outputs = outputs;
        this.capacity = capacity;
        this.scoreWidth = outputs.scoreWidth();
        this.marginWidth = outputs.marginWidth();
        this.scores = new double[Math.multiplyExact(capacity, scoreWidth)];
        this.margins = new double[Math.multiplyExact(capacity, marginWidth)];
        Arrays.fill(scores, Double.NaN);
        Arrays.fill(margins, Double.NaN);
    }

    /** {@return the shape and names of the outputs} */
    public OutputSpec outputs() {
        return outputs;
    }

    /** {@return the most rows it can hold} */
    public int capacity() {
        return capacity;
    }

    /** {@return the number of rows of the last batch scored into it} */
    public int rowCount() {
        return rowCount;
    }

    /**
     * {@return the score}
     *
     * @param row a row
     * @param index a score index
     */
    public double score(int row, int index) {
        return scores[checkRow(row) * scoreWidth + index];
    }

    /**
     * {@return the margin}
     *
     * @param row a row
     * @param index a margin index
     */
    public double margin(int row, int index) {
        return margins[checkRow(row) * marginWidth + index];
    }

    /** {@return the version of the model that produced the batch; 0 when scored directly} */
    public long modelVersion() {
        return modelVersion;
    }

    /**
     * For {@link Scorer} implementations: starts filling {@code rows} rows.
     *
     * @param rows the number of rows about to be written
     */
    public void begin(int rows) {
        if (rows < 0 || rows > capacity) {
            throw new IllegalArgumentException("rows " + rows + " outside [0, " + capacity + "]");
        }
        rowCount = rows;
    }

    /**
     * For {@link Scorer} implementations.
     *
     * @param row a row
     * @param index a score index
     * @param value the score
     */
    public void setScore(int row, int index, double value) {
        scores[checkRow(row) * scoreWidth + index] = value;
    }

    /**
     * For {@link Scorer} implementations.
     *
     * @param row a row
     * @param index a margin index
     * @param value the margin
     */
    public void setMargin(int row, int index, double value) {
        margins[checkRow(row) * marginWidth + index] = value;
    }

    /**
     * For {@link Scorer} implementations: writes one row's margins and scores at once.
     *
     * @param row a row below the count given to {@link #begin(int)}
     * @param margins the row's margins
     * @param scores the row's scores
     */
    public void setRow(int row, double[] margins, double[] scores) {
        checkRow(row);
        System.arraycopy(margins, 0, this.margins, row * marginWidth, marginWidth);
        System.arraycopy(scores, 0, this.scores, row * scoreWidth, scoreWidth);
    }

    void setModelVersion(long version) {
        this.modelVersion = version;
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " outside [0, " + rowCount + ")");
        }
        return row;
    }
}
