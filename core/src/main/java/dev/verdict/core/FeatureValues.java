package dev.verdict.core;

import java.util.List;

/**
 * The value rules shared by {@link FeatureVector} and {@link FeatureBatch}: NaN is "missing"
 * everywhere; infinities are rejected because the tree libraries either reject them (XGBoost) or
 * silently route them, which hides upstream bugs such as a division by zero; categories are
 * non-negative integer codes, within the dictionary when the feature has one, unless the feature
 * takes {@link CategoryValues#ANY_FINITE any finite value}; booleans are 0 or 1.
 */
final class FeatureValues {
    /** The largest category code: LightGBM and XGBoost both index categories with 32-bit ints. */
    static final double MAX_CATEGORY_CODE = Integer.MAX_VALUE;

    /** The kinds of value {@link #check} tells apart, one per feature ({@link #typeCodes}). */
    static final byte NUMERIC = 0;
    static final byte CATEGORY_CODE = 1;
    static final byte BOOLEAN = 2;
    static final byte CATEGORY_ANY_FINITE = 3;

    private FeatureValues() {
    }

    static byte[] typeCodes(FeatureSchema schema) {
        byte[] codes = new byte[schema.size()];
        for (int i = 0; i < codes.length; i++) {
            Feature f = schema.feature(i);
            codes[i] = switch (f.type()) {
                case NUMERIC -> NUMERIC;
                case BOOLEAN -> BOOLEAN;
                case CATEGORICAL -> f.categoryValues() == CategoryValues.ANY_FINITE
                        ? CATEGORY_ANY_FINITE : CATEGORY_CODE;
            };
        }
        return codes;
    }

    /** For each feature, the end (exclusive) of the run of numeric features that starts there. */
    static int[] numericRunEnds(FeatureSchema schema) {
        int[] ends = new int[schema.size()];
        int end = ends.length;
        for (int i = ends.length - 1; i >= 0; i--) {
            if (schema.type(i) != FeatureType.NUMERIC) {
                end = i;
            }
            ends[i] = Math.max(end, i);
        }
        return ends;
    }

    static int[] categoryLimits(FeatureSchema schema) {
        int[] limits = new int[schema.size()];
        for (int i = 0; i < limits.length; i++) {
            int n = schema.feature(i).categories().size();
            limits[i] = n == 0 ? Integer.MAX_VALUE : n;
        }
        return limits;
    }

    /** Returns {@code value} when it is acceptable for feature {@code index}, else throws. */
    static double check(FeatureSchema schema, byte typeCode, int categoryLimit, int index,
            double value) {
        if (value != value) {
            return value;
        }
        if (value == Double.POSITIVE_INFINITY || value == Double.NEGATIVE_INFINITY) {
            throw new InvalidFeatureValueException(schema.name(index), value,
                    "infinite values are not accepted; use NaN for missing");
        }
        if (typeCode == CATEGORY_CODE) {
            if (value < 0 || value != Math.rint(value) || value > MAX_CATEGORY_CODE) {
                throw new InvalidFeatureValueException(schema.name(index), value,
                        "a category must be a non-negative integer code" + hint(schema, index));
            }
            if (value >= categoryLimit) {
                throw new InvalidFeatureValueException(schema.name(index), value,
                        "category code beyond the feature's " + categoryLimit + " categories"
                                + hint(schema, index));
            }
        } else if (typeCode == BOOLEAN && value != 0.0 && value != 1.0) {
            throw new InvalidFeatureValueException(schema.name(index), value,
                    "a boolean must be 0 or 1");
        }
        return value;
    }

    /** For features whose categories are numbers: how to give a category by its value. */
    private static String hint(FeatureSchema schema, int index) {
        Feature f = schema.feature(index);
        if (!f.numericCategories()) {
            return "";
        }
        List<String> c = f.categories();
        return "; its categories are numbers (" + String.join(", ", c.subList(0, Math.min(3, c.size())))
                + (c.size() > 3 ? ", …" : "") + "), and setCategory(" + index + ", " + c.get(0)
                + ") maps category " + c.get(0) + " to its code";
    }
}
