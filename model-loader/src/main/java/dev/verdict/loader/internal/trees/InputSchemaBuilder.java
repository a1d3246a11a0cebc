package dev.verdict.loader.internal.trees;

import dev.verdict.core.CategoryValues;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.loader.ModelFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a tree model's input schema from what a reader found in the artifact: each feature's
 * name, whether it is categorical, and its stored category dictionary, if any. Shared by the
 * XGBoost and LightGBM readers, so that both apply one rule to categorical values:
 * <ul>
 *   <li>A categorical feature <b>without a stored dictionary</b> takes any finite value
 *       ({@link CategoryValues#ANY_FINITE}). The library reads such a value raw and the engine
 *       routes it exactly as the library does, so Verdict accepts what the library accepts:
 *       LightGBM sends a negative value right (where missing values go), truncates a fraction
 *       toward zero and sends a code not in the split's set right; XGBoost sends a negative value,
 *       one of 2^24 or more, and a code not in the set left, and truncates a fraction
 *       ({@link CategoricalRule}).</li>
 *   <li>A feature <b>with a stored dictionary</b> (LightGBM's {@code pandas_categorical}, XGBoost's
 *       {@code cats}) takes only the dictionary's codes ({@link CategoryValues#CODES_ONLY}): its
 *       values come from mapping categories to codes, which never gives anything else (pandas
 *       makes an unseen category missing; XGBoost rejects it), so any other value is a caller's
 *       mistake, such as a raw category value where its code belongs.</li>
 * </ul>
 */
public final class InputSchemaBuilder {
    private final List<Spec> specs = new ArrayList<>();

    private record Spec(String name, boolean categorical, StoredCategories categories) {
    }

    /**
     * @param name the feature's name
     * @return this
     */
    public InputSchemaBuilder numeric(String name) {
        specs.add(new Spec(name, false, null));
        return this;
    }

    /**
     * @param name the feature's name
     * @param categories the stored dictionary; null (or empty) when none is stored
     * @return this
     */
    public InputSchemaBuilder categorical(String name, StoredCategories categories) {
        specs.add(new Spec(name, true, categories == null || categories.size() == 0 ? null
                : categories));
        return this;
    }

    /**
     * @param error makes the format error for a problem (an empty or repeated name, a repeated
     *     or non-finite category), naming where in the artifact the names are
     * @return the schema
     * @throws ModelFormatException if the names do not make a valid schema
     */
    public FeatureSchema build(Function<String, ModelFormatException> error) {
        // Feature's constructor rejects an empty name and FeatureSchema.of a repeated name or
        // category, both with IllegalArgumentException: those are format errors here.
        try {
            List<Feature> features = new ArrayList<>(specs.size());
            for (Spec s : specs) {
                if (!s.categorical) {
                    features.add(Feature.numeric(s.name));
                } else if (s.categories != null && s.categories.names() != null) {
                    features.add(Feature.categorical(s.name, s.categories.names()));
                } else if (s.categories != null) {
                    features.add(Feature.categorical(s.name, s.categories.numbers()));
                } else {
                    features.add(Feature.categorical(s.name)
                            .withCategoryValues(CategoryValues.ANY_FINITE));
                }
            }
            return FeatureSchema.of(features);
        } catch (IllegalArgumentException e) {
            throw error.apply(e.getMessage());
        }
    }
}
