package dev.verdict.samples.underwriting.inference;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.Model;
import dev.verdict.core.OutputSpec;
import dev.verdict.samples.underwriting.web.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An Open Inference Protocol inference request, checked and laid into a {@link FeatureBatch} of
 * the request schema for one model version. Two input layouts:
 *
 * <ul>
 *   <li><b>one tensor</b> of shape {@code [batch, features]} (any name that is not a feature's,
 *       e.g. {@code "features"}), its columns the model's features in the model's order (the
 *       metadata's {@code feature_names});
 *   <li><b>one input per feature</b>, named by the feature, of shape {@code [batch]} or
 *       {@code [batch, 1]}; a feature not sent is missing.
 * </ul>
 *
 * <p>Datatypes FP32 (values rounded to float32, as XGBoost reads them), FP64, INT32 and INT64;
 * {@code data} flat in row-major order or nested. As an extension, a {@code null} element is a
 * missing value (JSON has no NaN).
 */
final class InferenceRequest {
    static final Set<String> DATATYPES = Set.of("FP32", "FP64", "INT32", "INT64");

    final String id;
    final int rows;
    final FeatureBatch batch;
    final List<String> outputs;

    private InferenceRequest(String id, int rows, FeatureBatch batch, List<String> outputs) {
        this.id = id;
        this.rows = rows;
        this.batch = batch;
        this.outputs = outputs;
    }

    /** One input, flattened. */
    private record Input(String name, long[] shape, String datatype, double[] values) {
    }

    static InferenceRequest parse(JsonNode body, Model model, FeatureSchema request, int maxBatch) {
        if (!body.isObject()) {
            throw ApiException.invalid("the body must be a JSON object with \"inputs\"");
        }
        for (String key : body.propertyNames()) {
            if (!Set.of("id", "inputs", "outputs", "parameters").contains(key)) {
                throw ApiException.invalid("unknown field '" + key + "' in an inference request"
                        + " (id, inputs, outputs, parameters)");
            }
        }
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isString()) {
            throw ApiException.invalid("'id' must be a string");
        }
        JsonNode inputsNode = body.get("inputs");
        if (inputsNode == null || !inputsNode.isArray() || inputsNode.isEmpty()) {
            throw ApiException.invalid("'inputs' must be a non-empty array of tensors"
                    + " {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode n : inputsNode) {
            inputs.add(input(n));
        }
        FeatureSchema features = model.inputSchema();
        int[] columnToRequest = new int[features.size()];
        for (int j = 0; j < columnToRequest.length; j++) {
            columnToRequest[j] = request.find(features.name(j));
        }
        boolean perFeature = features.find(inputs.getFirst().name()) >= 0;
        int rows;
        FeatureBatch batch;
        if (!perFeature) {
            if (inputs.size() != 1) {
                throw ApiException.invalid("input '" + inputs.getFirst().name() + "' is not a"
                        + " feature, so it must be the only input: a [batch, " + features.size()
                        + "] tensor; or send one input per feature, named by feature");
            }
            Input t = inputs.getFirst();
            if (t.shape().length != 2 || t.shape()[1] != features.size()) {
                throw ApiException.invalid("input '" + t.name() + "' has shape " + shape(t.shape())
                        + "; the model takes [batch, " + features.size() + "] (its features, in the"
                        + " order of the metadata's feature_names)");
            }
            rows = rows(t.shape()[0], maxBatch);
            batch = request.newBatch(rows).clear(rows);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < columnToRequest.length; j++) {
                    if (columnToRequest[j] >= 0) {
                        batch.set(r, columnToRequest[j], t.values()[r * columnToRequest.length + j]);
                    }
                }
            }
        } else {
            rows = -1;
            Map<String, Input> byName = new HashMap<>();
            for (Input in : inputs) {
                if (features.find(in.name()) < 0) {
                    throw ApiException.invalid("unknown input '" + in.name() + "': the model reads "
                            + features.features().stream().map(f -> f.name()).toList()
                            + " (or send a single [batch, " + features.size() + "] tensor)");
                }
                if (byName.put(in.name(), in) != null) {
                    throw ApiException.invalid("input '" + in.name() + "' is given twice");
                }
                long[] s = in.shape();
                if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
                    throw ApiException.invalid("input '" + in.name() + "' has shape " + shape(s)
                            + "; one input per feature has shape [batch] or [batch, 1]");
                }
                if (rows >= 0 && s[0] != rows) {
                    throw ApiException.invalid("input '" + in.name() + "' has " + s[0] + " rows,"
                            + " the inputs before it " + rows + "; every input needs the same batch size");
                }
                rows = rows(s[0], maxBatch);
            }
            batch = request.newBatch(rows).clear(rows);
            for (Input in : inputs) {
                int column = request.find(in.name());
                for (int r = 0; r < rows; r++) {
                    batch.set(r, column, in.values()[r]);
                }
            }
        }
        for (int required : request.requiredIndices()) {
            for (int r = 0; r < rows; r++) {
                if (Double.isNaN(batch.get(r, required))) {
                    throw ApiException.invalid("row " + r + " lacks " + request.name(required)
                            + ", which every request must carry");
                }
            }
        }
        return new InferenceRequest(idNode == null ? null : idNode.stringValue(), rows, batch,
                requestedOutputs(body.get("outputs"), model.outputs()));
    }

    private static Input input(JsonNode n) {
        if (!n.isObject()) {
            throw ApiException.invalid("each input must be an object {\"name\", \"shape\","
                    + " \"datatype\", \"data\"}");
        }
        JsonNode name = n.get("name");
        if (name == null || !name.isString()) {
            throw ApiException.invalid("an input lacks its \"name\" (a string)");
        }
        String where = "input '" + name.stringValue() + "'";
        JsonNode datatype = n.get("datatype");
        if (datatype == null || !datatype.isString()) {
            throw ApiException.invalid(where + " lacks its \"datatype\" (FP32, FP64, INT32, INT64)");
        }
        String type = datatype.stringValue();
        if (!DATATYPES.contains(type)) {
            throw ApiException.invalid(where + " has datatype " + type + "; the models take FP32,"
                    + " FP64, INT32 or INT64");
        }
        JsonNode shapeNode = n.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.isEmpty()) {
            throw ApiException.invalid(where + " lacks its \"shape\" (an array of sizes)");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw ApiException.invalid(where + ": shape sizes are non-negative integers, got " + d);
            }
            shape[i] = d.intValue();
            elements = Math.multiplyHigh(elements, shape[i]) != 0 ? Long.MAX_VALUE : elements * shape[i];
        }
        JsonNode data = n.get("data");
        if (data == null || !data.isArray()) {
            throw ApiException.invalid(where + " lacks its \"data\" (an array, flat or nested)");
        }
        List<Double> values = new ArrayList<>();
        flatten(data, type, where, values);
        if (values.size() != elements) {
            throw ApiException.invalid(where + " has " + values.size() + " values, but its shape "
                    + shape(shape) + " needs " + elements);
        }
        double[] flat = new double[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return new Input(name.stringValue(), shape, type, flat);
    }

    private static void flatten(JsonNode data, String type, String where, List<Double> into) {
        for (JsonNode v : data) {
            if (v.isArray()) {
                flatten(v, type, where, into);
            } else if (v.isNull()) {
                into.add(Double.NaN);
            } else if (!v.isNumber()) {
                throw ApiException.invalid(where + ": value " + (into.size() + 1) + " is " + v
                        + "; " + type + " data are numbers (null for a missing value)");
            } else if (type.startsWith("INT") && !v.isIntegralNumber()) {
                throw ApiException.invalid(where + ": value " + (into.size() + 1) + " is " + v
                        + ", not an integer, but the datatype is " + type);
            } else {
                double d = v.asDouble();
                into.add(type.equals("FP32") ? (double) (float) d : d);
            }
        }
    }

    private static int rows(long rows, int maxBatch) {
        if (rows < 1 || rows > maxBatch) {
            throw ApiException.invalid("a batch of " + rows + " rows; send 1 to " + maxBatch
                    + " rows per request");
        }
        return (int) rows;
    }

    private static List<String> requestedOutputs(JsonNode outputs, OutputSpec spec) {
        Set<String> available = new LinkedHashSet<>(spec.scoreNames());
        available.addAll(spec.marginNames());
        if (outputs == null) {
            return List.copyOf(available);
        }
        if (!outputs.isArray()) {
            throw ApiException.invalid("'outputs' must be an array of {\"name\"}");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode o : outputs) {
            JsonNode name = o.isObject() ? o.get("name") : null;
            if (name == null || !name.isString() || !available.contains(name.stringValue())) {
                throw ApiException.invalid("requested output " + o + " is not one of " + available);
            }
            names.add(name.stringValue());
        }
        return names;
    }

    private static String shape(long[] shape) {
        return java.util.Arrays.toString(shape);
    }
}
