package dev.verdict.core;

import java.util.Arrays;

/**
 * Many rows of feature values for one {@link FeatureSchema}, stored row-major in one array and
 * reused between batches. Value rules are those of {@link FeatureVector}.
 *
 * {@snippet class=dev.verdict.core.Snippets region=batch}
 * session.scoreBatch(model, batch, scores);
 * }
 */
public final class FeatureBatch {
    private final FeatureSchema schema;
    private final int capacity;
    private final int width;
    private final double[] values;
    private final byte[] typeCodes;
    private final int[] categoryLimits;
    private int rowCount;

    FeatureBatch(FeatureSchema schema, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch capacity must be positive: " + capacity);
        }
        this.schema = schema;
        this.capacity = capacity;
        this.width = schema.size();
        this.values = new double[Math.multiplyExact(capacity, Math.max(1, width))];
        this.typeCodes = FeatureValues.typeCodes(schema);
        this.categoryLimits = FeatureValues.categoryLimits(schema);
        Arrays.fill(values, Double.NaN);
    }

    /** {@return the schema of every row} */
    public FeatureSchema schema() {
        return schema;
    }

    /** {@return the most rows this batch can hold} */
    public int capacity() {
        return capacity;
    }

    /** {@return the number of rows in use} */
    public int rowCount() {
        return rowCount;
    }

    /**
     * Starts a new batch of {@code rows} rows with every value missing.
     *
     * @param rows the number of rows to fill
     * @return this batch
     */
    public FeatureBatch clear(int rows) {
        if (rows < 0 || rows > capacity) {
            throw new IllegalArgumentException("rows " + rows + " outside [0, " + capacity + "]");
        }
        Arrays.fill(values, 0, rows * width, Double.NaN);
        rowCount = rows;
        return this;
    }

    /**
     * {@return this batch}
     *
     * @param row a row below {@link #rowCount()}
     * @param index a feature index
     * @param value the value; NaN for missing
     */
    public FeatureBatch set(int row, int index, double value) {
        checkRow(row);
        values[row * width + index] = FeatureValues.check(schema, typeCodes[index],
                categoryLimits[index], index, value);
        return this;
    }

    /**
     * Copies a whole row from a vector whose schema has the same
     * {@linkplain FeatureSchema#hasSameLayout layout}.
     *
     * @param row a row below {@link #rowCount()}
     * @param vector the values
     * @return this batch
     */
    public FeatureBatch setRow(int row, FeatureVector vector) {
        checkRow(row);
        schema.requireSameLayout(vector.schema());
        System.arraycopy(vector.values(), 0, values, row * width, width);
        return this;
    }

    /**
     * {@return the value; NaN when missing}
     *
     * @param row a row below {@link #rowCount()}
     * @param index a feature index
     */
    public double get(int row, int index) {
        checkRow(row);
        return values[row * width + index];
    }

    /**
     * Copies one row into a vector whose schema has the same
     * {@linkplain FeatureSchema#hasSameLayout layout}.
     *
     * @param row a row below {@link #rowCount()}
     * @param into the vector to overwrite
     */
    public void copyRow(int row, FeatureVector into) {
        checkRow(row);
        into.schema().requireSameLayout(schema);
        System.arraycopy(values, row * width, into.values(), 0, width);
    }

    /**
     * Copies one row's values into an array, without checks beyond the row index.
     *
     * @param row a row below {@link #rowCount()}
     * @param target an array of at least {@code schema().size()} elements
     */
    public void copyRow(int row, double[] target) {
        checkRow(row);
        System.arraycopy(values, row * width, target, 0, width);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " outside [0, " + rowCount + ")");
        }
    }
}
