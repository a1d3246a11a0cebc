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
 * {@snippet :
 * FeatureSchema schema = FeatureSchema.builder()
 *         .add(Feature.numeric("income").asRequired())
 *         .add(Feature.numeric("utilization"))
 *         .add(Feature.categorical("channel", List.of("web", "branch", "phone")))
 *         .build();
 * int income = schema.indexOf("income");          // resolve once
 * FeatureVector row = schema.newVector();          // reuse per request
 * row.set(income, 72_000);
 * }
 *
 * <p>Immutable and safe to share between threads. Two schemas are equal when they list equal
 * features in the same order.
 */
public final class FeatureSchema {
    private final Feature[] features;
    private final Map<String, Integer> indexByName;
    private final List<Map<String, Integer>> codeByCategory;
    private final int[] requiredIndices;
    private final int hash;

    private FeatureSchema(List<Feature> list) {
        this.features = list.toArray(new Feature[0]);
        this.indexByName = new HashMap<>(features.length * 2);
        List<Map<String, Integer>> codes = new ArrayList<>(features.length);
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

    /** @return a builder for a new schema */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param features the features, in order
     * @return a schema of exactly these features
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

    /** @return the number of features */
    public int size() {
        return features.length;
    }

    /**
     * @param index a feature index
     * @return the feature at that index
     */
    public Feature feature(int index) {
        return features[index];
    }

    /** @return the features, in order (unmodifiable) */
    public List<Feature> features() {
        return Collections.unmodifiableList(Arrays.asList(features));
    }

    /**
     * @param index a feature index
     * @return the feature's name
     */
    public String name(int index) {
        return features[index].name();
    }

    /**
     * @param index a feature index
     * @return the feature's type
     */
    public FeatureType type(int index) {
        return features[index].type();
    }

    /**
     * @param name a feature name
     * @return its index
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
     * @param name a feature name
     * @return its index, or -1 when the schema has no such feature
     */
    public int find(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    /**
     * @param index the index of a categorical feature with a dictionary
     * @param category a category name
     * @return its code, or -1 when the dictionary does not list it
     */
    public int categoryCode(int index, String category) {
        Integer code = codeByCategory.get(index).get(category);
        return code == null ? -1 : code;
    }

    /** @return a copy of the indices of the features whose values are required, ascending */
    public int[] requiredIndices() {
        return requiredIndices.clone();
    }

    /** Same as {@link #requiredIndices()} without the copy, for the request path. */
    int[] requiredIndicesShared() {
        return requiredIndices;
    }

    /** @return a new vector of this schema with every value missing */
    public FeatureVector newVector() {
        return new FeatureVector(this);
    }

    /**
     * @param capacity the most rows the batch can hold
     * @return a new, empty batch of this schema
     */
    public FeatureBatch newBatch(int capacity) {
        return new FeatureBatch(this, capacity);
    }

    /**
     * For {@link Scorer} implementations: checks that values handed to a model are in its schema.
     * The identity check keeps the common case to one comparison.
     *
     * @param given the schema of the values
     * @throws SchemaMismatchException if it differs from this schema
     */
    public void requireSame(FeatureSchema given) {
        if (given != this && !equals(given)) {
            throw new SchemaMismatchException("expected values of " + this + ", got " + given);
        }
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
            sb.append(features[i].name()).append(':').append(features[i].type());
        }
        return sb.append(']').toString();
    }

    /** Collects features in order. */
    public static final class Builder {
        private final List<Feature> features = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param feature the next feature
         * @return this builder
         */
        public Builder add(Feature feature) {
            features.add(feature);
            return this;
        }

        /**
         * @param names names of optional numeric features to append
         * @return this builder
         */
        public Builder numeric(String... names) {
            for (String name : names) {
                features.add(Feature.numeric(name));
            }
            return this;
        }

        /**
         * @return the schema
         * @throws IllegalArgumentException if two features share a name
         */
        public FeatureSchema build() {
            return new FeatureSchema(features);
        }
    }
}
