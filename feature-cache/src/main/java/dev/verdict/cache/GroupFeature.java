package dev.verdict.cache;

import java.util.Objects;

/**
 * One feature of a {@link FeatureGroup}.
 *
 * @param name the feature's name, matched to model features and CSV columns
 * @param type how the value is stored
 * @param defaultValue the value a reader may substitute when the record lacks it (NaN: none)
 */
public record GroupFeature(String name, ValueType type, double defaultValue) {
    /** Checks the name and that the default fits the type. */
    public GroupFeature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a feature name must not be blank");
        }
        if (!Double.isNaN(defaultValue)) {
            RecordLayout.checkValue(type, defaultValue, name);
        }
    }
}
