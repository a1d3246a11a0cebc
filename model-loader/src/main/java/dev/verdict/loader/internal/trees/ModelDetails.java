package dev.verdict.loader.internal.trees;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.ModelInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link ModelInfo#details()} of a tree model, collected in display order. The facts both
 * readers report (how many trees and rounds are used of those stored, the depth, the features and
 * how many are categorical) are written the same way here.
 */
public final class ModelDetails {
    private final Map<String, String> details = new LinkedHashMap<>();

    /**
     * @param key the detail's name
     * @param value its value
     * @return this
     */
    public ModelDetails put(String key, String value) {
        details.put(key, value);
        return this;
    }

    /**
     * A count of which some may go unused: {@code "12"}, or {@code "12 of 40"}.
     *
     * @param key the detail's name, e.g. {@code trees}
     * @param used how many are used
     * @param stored how many the artifact stores
     * @return this
     */
    public ModelDetails count(String key, int used, int stored) {
        return put(key, used + (used < stored ? " of " + stored : ""));
    }

    /**
     * The deepest tree's depth, the number of features, and how many are categorical (when any).
     *
     * @param ensemble the trees that score
     * @param schema the input schema
     * @return this
     */
    public ModelDetails shape(TreeEnsemble ensemble, FeatureSchema schema) {
        put("max depth", String.valueOf(ensemble.maxDepth));
        return features(schema);
    }

    private ModelDetails features(FeatureSchema schema) {
        put("features", String.valueOf(schema.size()));
        int categorical = 0;
        for (int f = 0; f < schema.size(); f++) {
            if (schema.type(f) == FeatureType.CATEGORICAL) {
                categorical++;
            }
        }
        if (categorical > 0) {
            put("categorical features", String.valueOf(categorical));
        }
        return this;
    }

    /**
     * @param format the artifact format
     * @param version the version of the library that wrote it, or {@code ""}
     * @param objective the objective
     * @return the model's info with these details
     */
    public ModelInfo info(String format, String version, String objective) {
        return new ModelInfo(format, version, objective, details);
    }
}
