package dev.verdict.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One row of feature values for a {@link FeatureSchema}, reused from request to request. Values
 * are {@code double}s; {@code NaN} means missing. A new vector, and a {@link #clear() cleared}
 * one, has every value missing.
 *
 * {@snippet class=dev.verdict.core.Snippets region=vector}
 *
 * <p>Setting a value checks it against the feature's type: infinities and booleans other than 0/1
 * throw {@link InvalidFeatureValueException}, and so do category values other than codes (negative,
 * fractional, or beyond the dictionary) unless the feature accepts
 * {@linkplain CategoryValues#ANY_FINITE any finite value}, so a bad value is reported where it
 * enters rather than silently scored. A model's own schema says what it accepts: tree models from
 * LightGBM and XGBoost take any finite value for a categorical feature without a stored
 * dictionary and read it as the library does (a negative value or an unseen code reaches no
 * category's branch; a fraction is truncated), and only codes for a feature with a dictionary.
 * Not thread-safe: a vector belongs to one request at a time. Setters allocate nothing.
 */
public final class FeatureVector {
    private final FeatureSchema schema;
    private final double[] values;
    private final byte[] typeCodes;
    private final int[] categoryLimits;
    private final int[] numericRunEnds;
    /** Scratch for {@link #setFloats}: one bulk copy out of the segment, then a plain loop. */
    private float[] floatScratch;

    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    FeatureVector(FeatureSchema schema) {
        this.schema = schema;
        this.values = new double[schema.size()];
        this.typeCodes = FeatureValues.typeCodes(schema);
        this.categoryLimits = FeatureValues.categoryLimits(schema);
        this.numericRunEnds = FeatureValues.numericRunEnds(schema);
        Arrays.fill(values, Double.NaN);
    }

    /** {@return the schema this vector holds values for} */
    public FeatureSchema schema() {
        return schema;
    }

    /** {@return the number of features} */
    public int size() {
        return values.length;
    }

    /**
     * {@return this vector}
     *
     * @param index a feature index
     * @param value its value; NaN for missing
     * @throws InvalidFeatureValueException if the value does not fit the feature's type
     */
    public FeatureVector set(int index, double value) {
        values[index] = FeatureValues.check(schema, typeCodes[index], categoryLimits[index], index,
                value);
        return this;
    }

    /**
     * Sets {@code count} consecutive numeric features from little-endian float32 values in
     * memory, value {@code k} at {@code offset + 4k}: how a feature store copies a stored record
     * into a vector in one pass instead of one {@link #set} call per value. NaN is missing; the
     * checks are those of {@link #set}.
     *
     * {@snippet class=dev.verdict.core.Snippets region=setFloats}
     *
     * @param fromIndex the first feature to set
     * @param source memory holding the values: a mapped file, off-heap memory or a heap array
     * @param offset the byte offset of the first value in {@code source}
     * @param count how many consecutive features to set
     * @return this vector
     * @throws IndexOutOfBoundsException if the features or the bytes are out of range
     * @throws IllegalArgumentException if one of the features is not numeric
     * @throws InvalidFeatureValueException if a value is infinite (the features before it are set)
     */
    public FeatureVector setFloats(int fromIndex, MemorySegment source, long offset, int count) {
        java.util.Objects.checkFromIndexSize(fromIndex, count, values.length);
        if (count == 0) {
            return this;
        }
        int end = numericRunEnds[fromIndex];
        if (end < fromIndex + count) {
            throw new IllegalArgumentException("feature '" + schema.name(end) + "' is "
                    + schema.type(end) + ", not numeric; setFloats sets numeric features only");
        }
        float[] floats = floatScratch;
        if (floats == null) {
            floats = floatScratch = new float[values.length];
        }
        // One bounds and liveness check for the whole range; a get per value would repeat them.
        MemorySegment.copy(source, FLOAT_LE, offset, floats, 0, count);
        final double[] values = this.values;
        for (int k = 0; k < count; k++) {
            float v = floats[k];
            if (Math.abs(v) == Float.POSITIVE_INFINITY) {
                throw new InvalidFeatureValueException(schema.name(fromIndex + k), v,
                        "infinite values are not accepted; use NaN for missing");
            }
            values[fromIndex + k] = v;
        }
        return this;
    }

    /**
     * Sets a value by name: convenient for setup and tests; the request path should resolve the
     * index once with {@link FeatureSchema#indexOf(String)}.
     *
     * @param name a feature name
     * @param value its value; NaN for missing
     * @return this vector
     * @throws UnknownFeatureException if the schema has no such feature
     */
    public FeatureVector set(String name, double value) {
        return set(schema.indexOf(name), value);
    }

    /**
     * {@return this vector}
     *
     * @param index a feature index
     * @param value the boolean, stored as 1.0 or 0.0
     */
    public FeatureVector setBoolean(int index, boolean value) {
        return set(index, value ? 1.0 : 0.0);
    }

    /**
     * {@return this vector}
     *
     * @param index the index of a categorical feature with a dictionary
     * @param category a category name from that dictionary
     * @throws InvalidFeatureValueException if the dictionary does not list the category
     */
    public FeatureVector setCategory(int index, String category) {
        int code = schema.categoryCode(index, category);
        if (code < 0) {
            throw new InvalidFeatureValueException(schema.name(index), Double.NaN,
                    "category '" + category + "' is not in the feature's dictionary");
        }
        values[index] = code;
        return this;
    }

    /**
     * Sets a category given by its value, for a feature whose categories are numbers
     * ({@link Feature#numericCategories()}, e.g. pandas categories {@code 70 … 82}): the value
     * becomes its category's code, as pandas codes it. NaN sets the value missing.
     *
     * {@snippet class=dev.verdict.core.Snippets region=setCategoryNumber}
     *
     * <p>pandas (and so LightGBM's Python package) turns a value that is not one of the
     * categories into a missing value; this method throws instead, so that an unseen category is
     * not scored silently. Call {@link FeatureSchema#categoryCode(int, double)} and
     * {@link #setMissing(int)} to do what pandas does.
     *
     * @param index the index of a categorical feature with numeric categories
     * @param category a category value
     * @return this vector
     * @throws InvalidFeatureValueException if the dictionary does not list the category
     * @throws IllegalArgumentException if the feature's categories are not numbers
     */
    public FeatureVector setCategory(int index, double category) {
        int code = schema.categoryCode(index, category);
        if (code >= 0) {
            values[index] = code;
        } else if (category != category) {
            values[index] = Double.NaN;
        } else {
            throw new InvalidFeatureValueException(schema.name(index), category,
                    "category " + Feature.decimal(category) + " is not one of the feature's "
                            + schema.feature(index).categories().size() + " categories");
        }
        return this;
    }

    /**
     * {@return this vector, with that value missing}
     *
     * @param index a feature index
     */
    public FeatureVector setMissing(int index) {
        values[index] = Double.NaN;
        return this;
    }

    /**
     * Replaces every value.
     *
     * @param row one value per feature, in schema order; NaN for missing
     * @return this vector
     * @throws FeatureCountMismatchException if {@code row} has the wrong length
     * @throws InvalidFeatureValueException if a value does not fit its feature's type
     */
    public FeatureVector setAll(double... row) {
        if (row.length != values.length) {
            throw new FeatureCountMismatchException(values.length, row.length);
        }
        for (int i = 0; i < row.length; i++) {
            values[i] = FeatureValues.check(schema, typeCodes[i], categoryLimits[i], i, row[i]);
        }
        return this;
    }

    /**
     * Copies every value from another vector whose schema has the same
     * {@linkplain FeatureSchema#hasSameLayout layout}.
     *
     * @param other the source
     * @return this vector
     * @throws SchemaMismatchException if the layouts differ
     */
    public FeatureVector copyFrom(FeatureVector other) {
        schema.requireSameLayout(other.schema);
        System.arraycopy(other.values, 0, values, 0, values.length);
        return this;
    }

    /** {@return this vector with every value missing} */
    public FeatureVector clear() {
        Arrays.fill(values, Double.NaN);
        return this;
    }

    /**
     * {@return its value; NaN when missing}
     *
     * @param index a feature index
     */
    public double get(int index) {
        return values[index];
    }

    /**
     * {@return whether the value is missing}
     *
     * @param index a feature index
     */
    public boolean isMissing(int index) {
        return Double.isNaN(values[index]);
    }

    /**
     * Copies the values into {@code target} without checks; the scoring path uses this to hand
     * features to a model in one pass.
     *
     * @param target an array of at least {@link #size()} elements
     */
    public void copyTo(double[] target) {
        System.arraycopy(values, 0, target, 0, values.length);
    }

    /** Direct access for code in this package that copies whole rows. */
    double[] values() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FeatureVector[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(schema.name(i)).append('=').append(values[i]);
        }
        return sb.append(']').toString();
    }
}
