package dev.verdict.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of named, typed features. Names are resolved to indices once, when code is
 * set up; the request path then works on indices only.
 *
 * {@snippet class=dev.verdict.core.Snippets region=schema}
 *
 * <p>Immutable and safe to share between threads. Two schemas are {@linkplain #equals equal} when
 * they list equal features in the same order, {@code required} flags included. Vectors move between
 * schemas of the same {@linkplain #hasSameLayout layout}: whether a value is required is a rule of
 * whoever consumes the values, not part of what the values mean.
 */
public final class FeatureSchema {
    private final Feature[] features;
    private final Map<String, Integer> indexByName;
    private final List<Map<String, Integer>> codeByCategory;
    /**
     * For features with numeric categories, the category values in ascending order (-0.0 read as
     * 0.0), and the code of each: a lookup by value is a binary search, which allocates nothing.
     */
    private final double[][] sortedCategoryValues;
    private final int[][] sortedCategoryCodes;
    private final int[] requiredIndices;
    private final int hash;
    /**
     * The last other schema found to have this one's layout, so that checking a vector of it costs
     * one comparison. Racy by design: schemas are immutable, so any thread may set it, and a lost
     * write only means the next check compares the features again.
     */
    private FeatureSchema lastSameLayout;

    private FeatureSchema(List<Feature> list) {
        this.features = list.toArray(new Feature[0]);
        this.indexByName = new HashMap<>(features.length * 2);
        List<Map<String, Integer>> codes = new ArrayList<>(features.length);
        this.sortedCategoryValues = new double[features.length][];
        this.sortedCategoryCodes = new int[features.length][];
        int requiredCount = 0;
        for (int i = 0; i < features.length; i++) {
            Feature f = features[i];
            if (indexByName.putIfAbsent(f.name(), i) != null) {
                throw new IllegalArgumentException("duplicate feature name '" + f.name() + "'");
            }
            Map<String, Integer> byName = new HashMap<>(f.categories().size() * 2);
            for (int c = 0; c < f.categories().size(); c++) {
                if (byName.putIfAbsent(f.categories().get(c), c) != null) {
                    throw new IllegalArgumentException("feature '" + f.name()
                            + "' lists category '" + f.categories().get(c) + "' twice");
                }
            }
            codes.add(byName);
            if (f.numericCategories()) {
                sortNumericCategories(i, f);
            }
            if (f.required()) {
                requiredCount++;
            }
        }
        this.codeByCategory = codes;
        this.requiredIndices = new int[requiredCount];
        for (int i = 0, r = 0; i < features.length; i++) {
            if (features[i].required()) {
                requiredIndices[r++] = i;
            }
        }
        this.hash = Arrays.hashCode(features);
    }

    private void sortNumericCategories(int index, Feature f) {
        int n = f.categories().size();
        Integer[] order = new Integer[n];
        double[] value = new double[n];
        for (int c = 0; c < n; c++) {
            order[c] = c;
            value[c] = Double.parseDouble(f.categories().get(c)) + 0.0; // -0.0 is 0.0
        }
        Arrays.sort(order, (a, b) -> Double.compare(value[a], value[b]));
        double[] sorted = new double[n];
        int[] code = new int[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = value[order[k]];
            code[k] = order[k];
            if (k > 0 && sorted[k] == sorted[k - 1]) {
                throw new IllegalArgumentException("feature '" + f.name() + "' lists category "
                        + Feature.decimal(sorted[k]) + " twice ('" + f.categories().get(code[k - 1])
                        + "' and '" + f.categories().get(code[k]) + "')");
            }
        }
        sortedCategoryValues[index] = sorted;
        sortedCategoryCodes[index] = code;
    }

    /** {@return a builder for a new schema} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a schema of exactly these features}
     *
     * @param features the features, in order
     * @throws IllegalArgumentException if two features share a name
     */
    public static FeatureSchema of(List<Feature> features) {
        return new FeatureSchema(features);
    }

    /**
     * A schema of {@code count} optional numeric features named {@code f0 … f(count-1)}, the names
     * XGBoost and LightGBM give features of a model trained without names.
     *
     * @param count the number of features
     * @return the schema
     */
    public static FeatureSchema positional(int count) {
        List<Feature> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(Feature.numeric("f" + i));
        }
        return new FeatureSchema(list);
    }

    /** {@return the number of features} */
    public int size() {
        return features.length;
    }

    /**
     * {@return the feature at that index}
     *
     * @param index a feature index
     */
    public Feature feature(int index) {
        return features[index];
    }

    /** {@return the features, in order (unmodifiable)} */
    public List<Feature> features() {
        return Collections.unmodifiableList(Arrays.asList(features));
    }

    /**
     * {@return the feature's name}
     *
     * @param index a feature index
     */
    public String name(int index) {
        return features[index].name();
    }

    /**
     * {@return the feature's type}
     *
     * @param index a feature index
     */
    public FeatureType type(int index) {
        return features[index].type();
    }

    /**
     * {@return its index}
     *
     * @param name a feature name
     * @throws UnknownFeatureException if the schema has no such feature
     */
    public int indexOf(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new UnknownFeatureException(name, features.length + " features");
        }
        return index;
    }

    /**
     * {@return its index, or -1 when the schema has no such feature}
     *
     * @param name a feature name
     */
    public int find(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    /**
     * {@return its code, or -1 when the dictionary does not list it}
     *
     * @param index the index of a categorical feature with a dictionary
     * @param category a category name
     */
    public int categoryCode(int index, String category) {
        Integer code = codeByCategory.get(index).get(category);
        return code == null ? -1 : code;
    }

    /**
     * Maps a category given by its value to its code, for a feature whose categories are numbers
     * ({@link Feature#numericCategories()}), as pandas matches values to categories: {@code 70}
     * and {@code 70.0} are the same category. Allocates nothing.
     *
     * @param index the index of a categorical feature with numeric categories
     * @param category a category value
     * @return its code, or -1 when the dictionary does not list it (and for NaN)
     * @throws IllegalArgumentException if the feature's categories are not numbers
     */
    public int categoryCode(int index, double category) {
        double[] sorted = sortedCategoryValues[index];
        if (sorted == null) {
            throw new IllegalArgumentException("feature '" + features[index].name()
                    + "' has no numeric categories; its values are codes");
        }
        if (category != category) {
            return -1;
        }
        int k = Arrays.binarySearch(sorted, category + 0.0);
        return k < 0 ? -1 : sortedCategoryCodes[index][k];
    }

    /** {@return a copy of the indices of the features whose values are required, ascending} */
    public int[] requiredIndices() {
        return requiredIndices.clone();
    }

    /** Same as {@link #requiredIndices()} without the copy, for the request path. */
    int[] requiredIndicesShared() {
        return requiredIndices;
    }

    /** {@return a new vector of this schema with every value missing} */
    public FeatureVector newVector() {
        return new FeatureVector(this);
    }

    /**
     * {@return a new, empty batch of this schema}
     *
     * @param capacity the most rows the batch can hold
     */
    public FeatureBatch newBatch(int capacity) {
        return new FeatureBatch(this, capacity);
    }

    /**
     * Whether vectors of {@code other} hold the values this schema describes, position by
     * position: the same number of features, and at each index the same name, type and category
     * dictionary. Whether a value is {@linkplain Feature#required() required} may differ: that is
     * checked where values enter a scoring call (a {@link ScoringSession} checks both its request
     * schema's and the model's requirements), and is not part of what the values mean.
     *
     * {@snippet class=dev.verdict.core.Snippets region=sameLayout}
     *
     * @param other another schema
     * @return whether a vector of {@code other} can be read as a vector of this schema
     */
    public boolean hasSameLayout(FeatureSchema other) {
        return other == this || other == lastSameLayout || differenceFrom(other) == null;
    }

    /**
     * For {@link Scorer} implementations and everything else that reads a vector by index: checks
     * that values handed over are laid out as this schema says. After the first success for a
     * given schema the check is one comparison.
     *
     * @param given the schema of the values
     * @throws SchemaMismatchException naming the first difference, if the layouts differ
     */
    public void requireSameLayout(FeatureSchema given) {
        if (given != this && given != lastSameLayout) {
            String difference = differenceFrom(given);
            if (difference != null) {
                throw new SchemaMismatchException("expected values of " + this + ", got values of "
                        + given + ": " + difference);
            }
            lastSameLayout = given;
        }
    }

    /**
     * {@return the first difference in layout between this schema and {@code other}, in words, or null when they have the same layout}
     *
     * @param other another schema
     */
    String differenceFrom(FeatureSchema other) {
        if (other == this) {
            return null;
        }
        int n = Math.min(features.length, other.features.length);
        for (int i = 0; i < n; i++) {
            Feature mine = features[i];
            Feature theirs = other.features[i];
            if (!mine.name().equals(theirs.name())) {
                return "feature " + i + " is '" + mine.name() + "' here but '" + theirs.name()
                        + "' there";
            }
            if (mine.type() != theirs.type()) {
                return "feature " + i + " '" + mine.name() + "' is " + mine.type() + " here but "
                        + theirs.type() + " there";
            }
            if (!mine.categories().equals(theirs.categories())) {
                return "feature " + i + " '" + mine.name() + "' has categories "
                        + abbreviate(mine.categories()) + " here but "
                        + abbreviate(theirs.categories()) + " there";
            }
        }
        if (features.length != other.features.length) {
            return features.length + " features here but " + other.features.length + " there";
        }
        return null;
    }

    /**
     * {@return the first difference between the two schemas in words, {@code required} flags included, or null when they are equal}
     *
     * @param other another schema
     */
    String describeDifference(FeatureSchema other) {
        String layout = differenceFrom(other);
        if (layout != null) {
            return layout;
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i].required() != other.features[i].required()) {
                return "feature " + i + " '" + features[i].name() + "' is "
                        + (features[i].required() ? "required" : "optional") + " here but "
                        + (other.features[i].required() ? "required" : "optional") + " there";
            }
        }
        return null;
    }

    static String abbreviate(List<String> categories) {
        return categories.size() <= 6 ? categories.toString()
                : categories.subList(0, 6) + "… (" + categories.size() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof FeatureSchema other && hash == other.hash
                        && Arrays.equals(features, other.features));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FeatureSchema[");
        for (int i = 0; i < features.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i == 12 && features.length > 16) {
                sb.append("… ").append(features.length - 12).append(" more");
                break;
            }
            Feature f = features[i];
            sb.append(f.name()).append(':').append(f.type());
            if (!f.categories().isEmpty()) {
                sb.append('[').append(f.categories().size()).append(']');
            }
            if (f.required()) {
                sb.append(" required");
            }
        }
        return sb.append(']').toString();
    }

    /** Collects features in order. */
    public static final class Builder {
        private final List<Feature> features = new ArrayList<>();

        private Builder() {
        }

        /**
         * {@return this builder}
         *
         * @param feature the next feature
         */
        public Builder add(Feature feature) {
            features.add(feature);
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param names names of optional numeric features to append
         */
        public Builder numeric(String... names) {
            for (String name : names) {
                features.add(Feature.numeric(name));
            }
            return this;
        }

        /**
         * {@return the schema}
         *
         * @throws IllegalArgumentException if two features share a name
         */
        public FeatureSchema build() {
            return new FeatureSchema(features);
        }
    }
}
