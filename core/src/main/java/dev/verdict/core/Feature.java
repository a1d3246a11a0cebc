package dev.verdict.core;

import java.util.List;
import java.util.Objects;

/**
 * One named, typed feature of a {@link FeatureSchema}.
 *
 * {@snippet class=dev.verdict.core.Snippets region=features}
 *
 * <p>A categorical feature's value is a <em>code</em>: the position of its category in the
 * dictionary (names, or numbers as pandas stores numeric categories), or an integer code when
 * there is no dictionary. {@link FeatureVector#setCategory(int, String)} and
 * {@link FeatureVector#setCategory(int, double)} map a category to its code;
 * {@link #categoryValues()} says which other values the feature accepts.
 *
 * @param name the feature's name, unique within its schema
 * @param type how its value is interpreted
 * @param required whether a missing value (NaN) is an error rather than "missing"
 * @param categories for {@link FeatureType#CATEGORICAL} features, the category names whose
 *     positions are the codes; empty when codes are used without names
 * @param numericCategories whether the categories are numbers (each name the decimal form of a
 *     finite number, as pandas numeric categories are), so that a category can be given by its
 *     value: {@code 70.0} and {@code 70} name the same category
 * @param categoryValues for {@link FeatureType#CATEGORICAL} features, which values are accepted
 *     besides missing: only codes (the default), or any finite value, read as the model's
 *     training library reads it; {@link CategoryValues#CODES_ONLY} for other types
 */
public record Feature(String name, FeatureType type, boolean required, List<String> categories,
        boolean numericCategories, CategoryValues categoryValues) {

    /** Validates and defensively copies the categories. */
    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(categoryValues, "categoryValues");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("feature name must not be empty");
        }
        categories = List.copyOf(categories);
        if (!categories.isEmpty() && type != FeatureType.CATEGORICAL) {
            throw new IllegalArgumentException(
                    "feature '" + name + "' is " + type + " but has a category dictionary");
        }
        if (categoryValues != CategoryValues.CODES_ONLY && type != FeatureType.CATEGORICAL) {
            throw new IllegalArgumentException("feature '" + name + "' is " + type
                    + "; only categorical features take " + categoryValues);
        }
        if (numericCategories) {
            if (categories.isEmpty()) {
                throw new IllegalArgumentException(
                        "feature '" + name + "' has numeric categories but no dictionary");
            }
            for (String c : categories) {
                if (!isFiniteNumber(c)) {
                    throw new IllegalArgumentException("feature '" + name
                            + "' has numeric categories, but '" + c + "' is not a finite number");
                }
            }
        }
    }

    /**
     * A feature with codes only and, when categorical, names as categories: the form before
     * numeric categories and {@link CategoryValues} existed.
     *
     * @param name the feature's name, unique within its schema
     * @param type how its value is interpreted
     * @param required whether a missing value (NaN) is an error rather than "missing"
     * @param categories for categorical features, the category names whose positions are the
     *     codes; empty when codes are used without names
     */
    public Feature(String name, FeatureType type, boolean required, List<String> categories) {
        this(name, type, required, categories, false, CategoryValues.CODES_ONLY);
    }

    private static boolean isFiniteNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s)) && !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * {@return an optional numeric feature}
     *
     * @param name the feature's name
     */
    public static Feature numeric(String name) {
        return new Feature(name, FeatureType.NUMERIC, false, List.of());
    }

    /**
     * {@return an optional boolean feature}
     *
     * @param name the feature's name
     */
    public static Feature bool(String name) {
        return new Feature(name, FeatureType.BOOLEAN, false, List.of());
    }

    /**
     * {@return an optional categorical feature carried as integer codes, without names}
     *
     * @param name the feature's name
     */
    public static Feature categorical(String name) {
        return new Feature(name, FeatureType.CATEGORICAL, false, List.of());
    }

    /**
     * {@return an optional categorical feature with a dictionary}
     *
     * @param name the feature's name
     * @param categories category names; a category's code is its position in this list
     */
    public static Feature categorical(String name, List<String> categories) {
        return new Feature(name, FeatureType.CATEGORICAL, false, categories);
    }

    /**
     * A categorical feature whose categories are numbers, as pandas stores numeric categories
     * (LightGBM's {@code pandas_categorical}, XGBoost's numeric {@code cats} columns): a category's
     * code is its position in {@code categories}, and
     * {@link FeatureVector#setCategory(int, double)} maps a value to it. The category names are
     * the numbers' shortest decimal forms ({@code 70} for 70.0, {@code 0.5}).
     *
     * @param name the feature's name
     * @param categories the categories, each finite and distinct
     * @return an optional categorical feature with a numeric dictionary
     * @throws IllegalArgumentException if a category is not finite
     */
    public static Feature categorical(String name, double[] categories) {
        List<String> names = new java.util.ArrayList<>(categories.length);
        for (double c : categories) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("feature '" + name + "': category " + c
                        + " is not a finite number");
            }
            names.add(decimal(c));
        }
        return new Feature(name, FeatureType.CATEGORICAL, false, names, true,
                CategoryValues.CODES_ONLY);
    }

    /** The shortest decimal form that parses back to {@code v}; integers without a fraction. */
    static String decimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** {@return this feature, with missing values rejected at scoring time} */
    public Feature asRequired() {
        return new Feature(name, type, true, categories, numericCategories, categoryValues);
    }

    /**
     * {@return this feature with that rule}
     *
     * @param values which values this categorical feature accepts besides missing
     * @throws IllegalArgumentException if this feature is not categorical and {@code values} is
     *     not {@link CategoryValues#CODES_ONLY}
     */
    public Feature withCategoryValues(CategoryValues values) {
        return new Feature(name, type, required, categories, numericCategories, values);
    }
}
