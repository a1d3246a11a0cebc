package dev.verdict.loader.internal.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The models XGBoost 1.7.4 wrote ({@code src/test/resources/xgboost-1.7/}, made by its
 * {@code generate.py}) and their reference outputs, XGBoost4J 3.4's outputs on the same files, and
 * rewrites of a 1.7 JSON document into the shapes older (1.0–1.5) and newer (2.0–3.4) versions
 * write. JSON is handled with Jackson, keeping every float token's text, so that a rewrite never
 * re-rounds a float.
 */
final class XGBoostFixtures {
    static final Path DIR = resourceDir("/xgboost-1.7");
    static final String[] FORMATS = {"json", "ubj", "model"};
    static final List<String> FIXTURES = List.of("binary_logistic", "multi_softprob", "dart",
            "gblinear", "count_poisson", "categorical", "early_stopping", "unfitted");

    /** Reads XGBoost JSON (bare NaN tokens); see {@link #parse(byte[])}. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private XGBoostFixtures() {
    }

    /**
     * XGBoost 1.0–1.2: {@code version [1,0,0]}; 17-digit scientific floats with integer zeros;
     * base_score {@code "%f"}; boolean default_left; leaf_child_counts; no split_type or
     * categories*, num_target, boost_from_average, num_parallel_tree, num_deleted,
     * feature_names/feature_types, boosted_rounds.
     */
    static void shape10(ObjectNode doc) {
        version(doc, 1, 0, 0);
        ObjectNode learner = (ObjectNode) doc.get("learner");
        learner.remove(List.of("feature_names", "feature_types"));
        ObjectNode params = params(doc);
        float base = Float.parseFloat(params.get("base_score").asText());
        params.put("base_score", String.format(Locale.ROOT, "%f", base));
        params.remove(List.of("num_target", "boost_from_average"));
        ObjectNode gb = (ObjectNode) learner.get("gradient_booster");
        if (gb.get("name").asText().equals("gblinear")) {
            ObjectNode model = (ObjectNode) gb.get("model");
            model.remove("boosted_rounds"); // ≥ 1.6
            model.set("weights", oldFloats((ArrayNode) model.get("weights")));
            return;
        }
        if (gb.has("weight_drop")) {
            gb.set("weight_drop", oldFloats((ArrayNode) gb.get("weight_drop")));
        }
        ObjectNode model = treeModel(doc);
        assertFalse(model.has("iteration_indptr"), "≤ 1.7 files have no iteration_indptr (2.0+)");
        ((ObjectNode) model.get("gbtree_model_param")).remove("num_parallel_tree");
        for (JsonNode t : model.get("trees")) {
            ObjectNode tree = (ObjectNode) t;
            assertEquals(0, tree.get("categories_nodes").size(), "a 1.0 tree has no categorical splits");
            tree.remove(List.of("split_type", "categories", "categories_nodes", "categories_segments",
                    "categories_sizes"));
            ((ObjectNode) tree.get("tree_param")).remove("num_deleted");
            booleanDefaultLeft(tree);
            addLeafChildCounts(tree);
            for (String field : List.of("split_conditions", "base_weights", "loss_changes", "sum_hessian")) {
                tree.set(field, oldFloats((ArrayNode) tree.get(field)));
            }
        }
    }

    /**
     * XGBoost 1.3–1.5: ryu floats, {@code version [1,5,0]}, boolean default_left, split_type and
     * categories* present; no num_target, boost_from_average or num_parallel_tree.
     */
    static void shape15(ObjectNode doc) {
        version(doc, 1, 5, 0);
        params(doc).remove(List.of("num_target", "boost_from_average"));
        ObjectNode model = treeModel(doc);
        ((ObjectNode) model.get("gbtree_model_param")).remove("num_parallel_tree");
        for (JsonNode t : model.get("trees")) {
            booleanDefaultLeft((ObjectNode) t);
        }
    }

    /** XGBoost 2.0: iteration_indptr; size_leaf_vector "1" per tree, none in gbtree_model_param. */
    static void shape20(ObjectNode doc) {
        version(doc, 2, 0, 0);
        ObjectNode model = treeModel(doc);
        if (model == null) {
            return;
        }
        ObjectNode param = (ObjectNode) model.get("gbtree_model_param");
        param.remove("size_leaf_vector");
        int groups = Math.max(1, params(doc).get("num_class").asInt());
        int layer = groups * param.get("num_parallel_tree").asInt();
        int trees = param.get("num_trees").asInt();
        ArrayNode indptr = model.putArray("iteration_indptr");
        for (int i = 0; i * layer <= trees; i++) {
            indptr.add(i * layer);
        }
        for (JsonNode t : model.get("trees")) {
            ((ObjectNode) t.get("tree_param")).put("size_leaf_vector", "1");
        }
    }

    /**
     * XGBoost 3.1: base_score as an array string with one value per output, an empty {@code cats},
     * categorical split_conditions {@code 1E-45} instead of NaN.
     */
    static void shape31(ObjectNode doc) {
        shape20(doc);
        version(doc, 3, 1, 0);
        ObjectNode params = params(doc);
        int groups = Math.max(1, params.get("num_class").asInt());
        String base = params.get("base_score").asText();
        params.put("base_score", "[" + String.join(",", java.util.Collections.nCopies(groups, base)) + "]");
        ObjectNode model = treeModel(doc);
        if (model == null) {
            return;
        }
        ObjectNode cats = model.putObject("cats");
        cats.putArray("enc");
        cats.putArray("feature_segments");
        cats.putArray("sorted_idx");
        for (JsonNode t : model.get("trees")) {
            ObjectNode tree = (ObjectNode) t;
            ArrayNode splits = (ArrayNode) tree.get("split_conditions");
            for (JsonNode n : tree.get("categories_nodes")) {
                assertTrue(Float.isNaN(floatOf(splits.get(n.asInt()))), "1.7 stores NaN at categorical splits");
                splits.set(n.asInt(), JSON.getNodeFactory().rawValueNode(new RawValue("1E-45")));
            }
        }
    }

    /** XGBoost 3.3: DART merged into gbtree, weight_drop beside the model. */
    static void shape33(ObjectNode doc) {
        shape31(doc);
        version(doc, 3, 3, 0);
        ObjectNode gb = (ObjectNode) doc.get("learner").get("gradient_booster");
        assertEquals("dart", gb.get("name").asText());
        ObjectNode merged = JSON.createObjectNode();
        merged.put("name", "gbtree");
        merged.set("model", gb.get("gbtree").get("model"));
        merged.set("weight_drop", gb.get("weight_drop"));
        ((ObjectNode) doc.get("learner")).set("gradient_booster", merged);
    }

    /** XGBoost 3.4: weight_drop inside the model. */
    static void shape34(ObjectNode doc) {
        shape33(doc);
        version(doc, 3, 4, 0);
        ObjectNode gb = (ObjectNode) doc.get("learner").get("gradient_booster");
        ((ObjectNode) gb.get("model")).set("weight_drop", gb.remove("weight_drop"));
    }

    static void version(ObjectNode doc, int major, int minor, int patch) {
        doc.putArray("version").add(major).add(minor).add(patch);
    }

    static ObjectNode params(ObjectNode doc) {
        return (ObjectNode) doc.get("learner").get("learner_model_param");
    }

    /** The GBTreeModel object (legacy dart nests it), or null for gblinear. */
    static ObjectNode treeModel(ObjectNode doc) {
        JsonNode gb = doc.get("learner").get("gradient_booster");
        return switch (gb.get("name").asText()) {
            case "dart" -> (ObjectNode) gb.get("gbtree").get("model");
            case "gbtree" -> (ObjectNode) gb.get("model");
            default -> null;
        };
    }

    private static void booleanDefaultLeft(ObjectNode tree) {
        ArrayNode bools = JSON.createArrayNode();
        for (JsonNode d : tree.get("default_left")) {
            bools.add(d.asInt() != 0);
        }
        tree.set("default_left", bools);
    }

    private static void addLeafChildCounts(ObjectNode tree) {
        ArrayNode counts = tree.putArray("leaf_child_counts");
        for (int i = 0; i < tree.get("left_children").size(); i++) {
            counts.add(0);
        }
    }

    /** 1.0–1.1 floats: 17 digits after the point, scientific; +0 as the integer {@code 0}. */
    private static ArrayNode oldFloats(ArrayNode values) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode v : values) {
            float f = floatOf(v);
            String text = Float.floatToRawIntBits(f) == 0 ? "0"
                    : String.format(Locale.ROOT, "%.17e", (double) f);
            out.addRawValue(new RawValue(text));
        }
        return out;
    }

    /** A fixture's CSV: rows and 1.7.4's outputs (see generate.py). */
    record Reference(int features, float[][] rows, float[][] margins, float[][] predictions,
            float[][] bestMargins, float[][] bestPredictions) {
        static Reference read(String name) {
            List<String> lines;
            try {
                lines = Files.readAllLines(DIR.resolve(name + ".csv"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String[] header = lines.get(0).split(",");
            float[][] table = new float[lines.size() - 1][];
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                assertEquals(header.length, cells.length, name + ".csv line " + (r + 1));
                float[] row = new float[cells.length];
                for (int k = 0; k < cells.length; k++) {
                    row[k] = cells[k].equals("nan") ? Float.NaN : exactFloat(cells[k]);
                }
                table[r - 1] = row;
            }
            int features = count(header, "x");
            return new Reference(features, columns(table, header, "x"), columns(table, header, "margin"),
                    columns(table, header, "pred"), columns(table, header, "best_margin"),
                    columns(table, header, "best_pred"));
        }

        /** The text is the repr of a float32's exact double value. */
        private static float exactFloat(String text) {
            double d = Double.parseDouble(text);
            float f = (float) d;
            if (f != d) {
                fail(text + " is not a float32 value");
            }
            return f;
        }

        private static int count(String[] header, String prefix) {
            int n = 0;
            while (Arrays.asList(header).contains(prefix + n)) {
                n++;
            }
            return n;
        }

        private static float[][] columns(float[][] table, String[] header, String prefix) {
            int n = count(header, prefix);
            if (n == 0) {
                return null;
            }
            int first = Arrays.asList(header).indexOf(prefix + 0);
            float[][] out = new float[table.length][n];
            for (int r = 0; r < table.length; r++) {
                System.arraycopy(table[r], first, out[r], 0, n);
            }
            return out;
        }
    }

    /** XGBoost4J 3.4 loading the fixture file: margins or predictions of every tree. */
    static float[][] native34(String name, String ext, float[][] rows, boolean transformed) {
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(Files.readAllBytes(DIR.resolve(name + "." + ext)))) {
            return predict34(oracle, name, rows, transformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] predict34(XGBoostOracle.NativeBooster oracle, String name, float[][] rows,
            boolean transformed) {
        if (name.equals("gblinear")) { // gblinear has no inplace predict
            return transformed ? oracle.dmatrixPredictions(rows) : oracle.dmatrixMargins(rows);
        }
        return transformed ? oracle.predictions(rows) : oracle.margins(rows);
    }

    static ObjectNode read(Path file) throws IOException {
        return (ObjectNode) parse(Files.readAllBytes(file));
    }

    /**
     * A JSON tree that keeps each float token's text ({@code 5E-1}, {@code -0E0}, {@code NaN}) as a
     * raw value, so rewriting a document never re-rounds a float or loses the sign of a zero.
     * Integers become int (or long) nodes.
     */
    static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            p.nextToken();
            return node(p);
        }
    }

    private static JsonNode node(JsonParser p) throws IOException {
        JsonNodeFactory f = JSON.getNodeFactory();
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    o.set(key, node(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(node(p));
                }
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> {
                long v = p.getLongValue();
                yield v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
            }
            case VALUE_NUMBER_FLOAT -> f.rawValueNode(new RawValue(p.getText()));
            case VALUE_TRUE, VALUE_FALSE -> f.booleanNode(p.getBooleanValue());
            case VALUE_NULL -> f.nullNode();
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    /** A float token (raw text) or integer node as float32, parsed straight from its text. */
    private static float floatOf(JsonNode n) {
        if (n instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
            return Float.parseFloat(raw.rawValue().toString()); // also "NaN", "Infinity"
        }
        if (n.isIntegralNumber()) {
            return n.intValue();
        }
        throw new IllegalArgumentException("not a number: " + n);
    }

    static byte[] write(JsonNode doc) throws IOException {
        return JSON.writeValueAsBytes(doc);
    }

    private static Path resourceDir(String name) {
        try {
            return Path.of(XGBoostFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
