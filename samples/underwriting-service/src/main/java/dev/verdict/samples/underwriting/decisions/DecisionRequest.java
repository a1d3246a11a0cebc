package dev.verdict.samples.underwriting.decisions;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.samples.underwriting.RequestFields;
import dev.verdict.samples.underwriting.web.ApiException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A decision request, checked: {@code {"applicantId": 12345, "fields": {"LIMIT_BAL": 50000}}}.
 * Every rule is checked before anything is scored, and each message names the field and what it
 * should be: an unknown or misspelt field is an error, not a silently missing value, and so is a
 * field the feature cache supplies (the cache's value would overwrite it).
 *
 * @param applicantId the applicant's id, the feature cache's key
 * @param indices the request fields' indices in the request schema
 * @param values their values, parallel to {@code indices}
 */
record DecisionRequest(long applicantId, int[] indices, double[] values) {
    static final String EXAMPLE = "{\"applicantId\": 12345, \"fields\": {\"LIMIT_BAL\": 50000}}";

    static DecisionRequest parse(JsonNode body, RequestFields fields) {
        if (!body.isObject()) {
            throw ApiException.invalid("the body must be a JSON object like " + EXAMPLE + ", got "
                    + describe(body));
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("applicantId") && !name.equals("fields")) {
                throw ApiException.invalid("unknown field '" + name + "': a decision request has"
                        + " 'applicantId' and 'fields', like " + EXAMPLE);
            }
        }
        JsonNode id = body.get("applicantId");
        if (id == null || id.isNull()) {
            throw ApiException.invalid("missing 'applicantId' (the applicant's id, an integer), like "
                    + EXAMPLE);
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            throw ApiException.invalid("'applicantId' must be an integer of at most 19 digits, got "
                    + describe(id));
        }
        JsonNode given = body.get("fields");
        FeatureSchema schema = fields.schema();
        int[] indices = new int[fields.fromRequest().size()];
        double[] values = new double[indices.length];
        if (given == null || given.isNull()) {
            throw ApiException.invalid("missing 'fields': a request carries " + fields.fromRequest()
                    + ", like " + EXAMPLE);
        }
        if (!given.isObject()) {
            throw ApiException.invalid("'fields' must be an object of feature names and numbers,"
                    + " got " + describe(given));
        }
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            String name = e.getKey();
            if (!fields.isRequestField(name)) {
                throw ApiException.invalid(schema.find(name) >= 0
                        ? "'" + name + "' is not a request field: it comes from the feature cache"
                                + " (group '" + fields.cacheGroup() + "'); a request carries "
                                + fields.fromRequest()
                        : "unknown field '" + name + "' in 'fields'; a request carries "
                                + fields.fromRequest());
            }
            JsonNode v = e.getValue();
            if (!v.isNumber() && !v.isNull()) {
                throw ApiException.invalid("'" + name + "' must be a number, got " + describe(v));
            }
        }
        for (int i = 0; i < indices.length; i++) {
            String name = fields.fromRequest().get(i);
            JsonNode v = given.get(name);
            if (v == null || v.isNull()) {
                throw ApiException.invalid("'fields' lacks " + name + ", which every request must"
                        + " carry (request fields: " + fields.fromRequest() + ")");
            }
            indices[i] = schema.indexOf(name);
            values[i] = v.asDouble();
        }
        return new DecisionRequest(id.longValue(), indices, values);
    }

    /**
     * Sets the request's fields on the decider's vector.
     *
     * @throws dev.verdict.core.InvalidFeatureValueException for a value the feature cannot take
     *     (a number too large for a double arrives as an infinity)
     */
    void applyTo(FeatureVector row) {
        for (int i = 0; i < indices.length; i++) {
            row.set(indices[i], values[i]);
        }
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return switch (v.getNodeType()) {
            case STRING -> "a string (" + shown + ")";
            case BOOLEAN -> "a boolean (" + shown + ")";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case NUMBER -> "the number " + shown;
            default -> shown;
        };
    }
}
