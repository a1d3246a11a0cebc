package dev.verdict.loader.internal.trees;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.loader.ModelFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a tree model's input schema from what a reader found in the artifact: each feature's
 * name, whether it is categorical, and its stored category dictionary, if any. Shared by the
 * XGBoost and LightGBM readers, so that both describe features the same way.
 */
public final class InputSchemaBuilder {
    private final List<Spec> specs = new ArrayList<>();

    private record Spec(String name, boolean categorical, List<String> categories) {
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
     * @param categories the stored category names, code order; null or empty when none are stored
     * @return this
     */
    public InputSchemaBuilder categorical(String name, List<String> categories) {
        specs.add(new Spec(name, true, categories == null ? List.of() : categories));
        return this;
    }

    /**
     * @param error makes the format error for a problem (an empty or repeated name, a repeated
     *     category), naming where in the artifact the names are
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
                } else if (s.categories.isEmpty()) {
                    features.add(Feature.categorical(s.name));
                } else {
                    features.add(Feature.categorical(s.name, s.categories));
                }
            }
            return FeatureSchema.of(features);
        } catch (IllegalArgumentException e) {
            throw error.apply(e.getMessage());
        }
    }
}
