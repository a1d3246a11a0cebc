package dev.verdict.core;

import java.util.List;
import java.util.Objects;

/**
 * One named, typed feature of a {@link FeatureSchema}.
 *
 * {@snippet class=dev.verdict.core.Snippets region=features}
 *
 * @param name the feature's name, unique within its schema
 * @param type how its value is interpreted
 * @param required whether a missing value (NaN) is an error rather than "missing"
 * @param categories for {@link FeatureType#CATEGORICAL} features, the category names whose
 *     positions are the codes; empty when codes are used without names
 */
public record Feature(String name, FeatureType type, boolean required, List<String> categories) {

    /** Validates and defensively copies the categories. */
    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("feature name must not be empty");
        }
        categories = List.copyOf(categories);
        if (!categories.isEmpty() && type != FeatureType.CATEGORICAL) {
            throw new IllegalArgumentException(
                    "feature '" + name + "' is " + type + " but has a category dictionary");
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

    /** {@return this feature, with missing values rejected at scoring time} */
    public Feature asRequired() {
        return new Feature(name, type, true, categories);
    }
}
