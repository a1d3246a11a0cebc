package dev.verdict.samples.underwriting;

import dev.verdict.core.FeatureSchema;
import java.util.List;

/**
 * The request schema and where each of its features comes from: the request itself (the request
 * fields, all required) or the feature cache.
 *
 * @param schema every feature models are fed, request fields first
 * @param fromRequest the names a request carries
 * @param cacheGroup the feature group the other features come from
 */
public record RequestFields(FeatureSchema schema, List<String> fromRequest, String cacheGroup) {
    /** Copies the names. */
    public RequestFields {
        fromRequest = List.copyOf(fromRequest);
    }

    /**
     * {@return whether a request carries the feature}
     *
     * @param name a feature name
     */
    public boolean isRequestField(String name) {
        return fromRequest.contains(name);
    }
}
